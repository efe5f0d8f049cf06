package dev.smctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.smctl.audit.AuditVerifier;
import dev.smctl.sandbox.Platform;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RollbackCommandTest extends CliSandboxCase {
    static final String CANARY = "canary-5b1d0e77-secret";

    String versionBefore;

    @BeforeEach
    void remember() {
        versionBefore = backend().getMetadata().getResourceVersion();
    }

    Deployment backend() {
        return sandbox.client().apps().deployments().inNamespace(Platform.NAMESPACE).withName(Platform.BACKEND).get();
    }

    void assertNothingChanged() {
        assertThat(backend().getMetadata().getResourceVersion()).isEqualTo(versionBefore);
    }

    @Test
    void rollsBackAndPrintsOneJsonObject() throws Exception {
        sandbox.startControllers(Duration.ofMillis(50));

        CliRun run = smctl("rollback", "backend", "-n", "production", "--actor", "alice", "--reason", "P0-01", "-o", "json");

        assertThat(run.exitCode()).as(run.all()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(run.out());
        assertThat(json.path("status").asText()).isEqualTo("succeeded");
        assertThat(json.path("target").path("name").asText()).isEqualTo("backend");
        assertThat(json.path("before").path("revision").asLong()).isEqualTo(3);
        assertThat(json.path("after").path("revision").asText()).isEqualTo("4");
        assertThat(json.path("auditRecordId").asText()).hasSize(64);
        assertThat(run.err()).contains("[lock] locked deployment production/backend");
        assertThat(AuditVerifier.verify(audit).intact()).isTrue();
    }

    @Test
    void takesTheNamespaceFromTheKubeconfigContext() {
        CliRun run = smctl("rollback", "backend", "--dry-run");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("dry run: would roll back deployment production/backend from revision 3");
        assertNothingChanged();
    }

    @Test
    void rejectsANameThatIsNotDns1123() {
        CliRun run = smctl("rollback", "Backend;rm", "-n", "production");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("error: deployment name \"Backend;rm\" is not a valid name").doesNotContain("\tat ");
        assertThat(run.err().lines().count()).isEqualTo(1);
        assertNothingChanged();
    }

    @Test
    void rejectsANegativeRevision() {
        CliRun run = smctl("rollback", "backend", "-n", "production", "--to-revision", "-1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--to-revision must be 0 (the previous revision) or a revision number, not -1");
        assertNothingChanged();
    }

    @Test
    void rejectsAnUnknownNamespace() {
        CliRun run = smctl("rollback", "backend", "-n", "staging");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).contains("namespace staging does not exist in this cluster");
        assertNothingChanged();
    }

    @Test
    void failsInOneLineWhenTheApiServerIsUnreachable() throws Exception {
        Path kubeconfig = dir.resolve("unreachable.kubeconfig");
        Files.writeString(kubeconfig, Files.readString(sandbox.kubeconfig()).replace(sandbox.apiUrl().toString(), "http://127.0.0.1:9"));

        CliRun run = smctl("rollback", "backend", "-n", "production", "--kubeconfig", kubeconfig.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("cannot reach the Kubernetes API").doesNotContain("\tat ");
        assertNothingChanged();
    }

    @Test
    void rejectsAMalformedKubeconfigWithoutQuotingIt() throws Exception {
        Path kubeconfig = dir.resolve("broken.kubeconfig");
        Files.writeString(kubeconfig, "clusters: [ {name: x, token: " + CANARY + "\n  - not: [yaml");

        CliRun run = smctl("rollback", "backend", "-n", "production", "--kubeconfig", kubeconfig.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is not a valid kubeconfig").doesNotContain(CANARY);
        assertNothingChanged();
    }

    @Test
    void rejectsAContextThatIsNotInTheKubeconfig() {
        CliRun run = smctl("rollback", "backend", "-n", "production", "--context", "prod-eu");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("context \"prod-eu\" not found in the kubeconfig; available: [smctl-sandbox]");
    }

    @Test
    void exitsThreeWhenRefused() {
        sandbox.client().apps().deployments().inNamespace(Platform.NAMESPACE).withName(Platform.BACKEND).edit(d -> {
            d.getSpec().setPaused(true);
            return d;
        });

        CliRun run = smctl("rollback", "backend", "-n", "production");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("REFUSED").contains("kubectl rollout resume");
    }

    @Test
    void rejectsAMalformedDuration() {
        CliRun run = smctl("rollback", "backend", "-n", "production", "--timeout", "5 minutes");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("\"5 minutes\" is not a duration");
    }

    @Test
    void neverPrintsOrRecordsCredentialsFromTheHealthUrl() throws Exception {
        sandbox.startControllers(Duration.ofMillis(50));
        String url = "http://oncall:" + CANARY + "@" + sandbox.healthUrl().getAuthority() + "/health?token=" + CANARY;

        CliRun run = smctl("rollback", "backend", "-n", "production", "--health-url", url, "--health-timeout", "5s", "-o", "json");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.all()).doesNotContain(CANARY);
        assertThat(Files.readString(audit)).doesNotContain(CANARY);
    }
}
