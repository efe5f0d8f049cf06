package dev.smctl.engine;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {
    @Test
    void aConnectionFailureNamesTheServerItWasAbout() {
        ConnectException refused = new ConnectException("Connection refused");

        assertThat(Failures.describe(new KubernetesClientException("Operation: [get]", refused)))
                .startsWith("cannot reach the Kubernetes API").endsWith("check --context / --kubeconfig and that the cluster is up");
        assertThat(Failures.describe(new RuntimeException(new SQLException("Connection to localhost:5999 refused", "08001", refused))))
                .startsWith("cannot reach the database").contains("--db-url").doesNotContain("Kubernetes");
        assertThat(Failures.describe(new RuntimeException(refused))).startsWith("cannot reach a server").doesNotContain("Kubernetes");
    }
}
