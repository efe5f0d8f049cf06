package dev.smctl.jenkins.work;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Redaction;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaskingAndRestartTest {
    static final String KUBECONFIG = """
            apiVersion: v1
            clusters:
            - cluster: {server: 'https://k8s.example.com'}
              name: prod
            users:
            - name: jenkins
              user:
                token: canary-token-1
                client-key-data: canary-key-2
                auth-provider:
                  config: {id-token: canary-id-3, refresh-token: canary-refresh-4}
            contexts:
            - context: {cluster: prod, user: jenkins, namespace: production}
              name: prod
            current-context: prod
            """;

    @Test
    void everySecretInAKubeconfigIsFoundButNotItsPlainSettings() {
        assertThat(KubeconfigSecrets.of(KUBECONFIG)).containsExactlyInAnyOrder("canary-token-1", "canary-key-2", "canary-id-3", "canary-refresh-4");
    }

    @Test
    void masksSecretsInLinesAndInNestedResultValuesLongestFirst() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MaskedLog log = new MaskedLog(new PrintStream(out, true, StandardCharsets.UTF_8), "smRollback", Set.of("abc", "abcdef"));

        log.line("token abcdef and abc");
        Object masked = log.mask((Object) Map.of("message", "abc", "list", List.of("x abcdef", 3)));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("[smRollback] token **** and ****" + System.lineSeparator());
        assertThat(masked).isEqualTo(Map.of("message", "****", "list", List.of("x ****", 3)));
    }

    @Test
    void anEmptySecretNamesTheCredentialsToFillInAndNeverAValue() {
        assertThatThrownBy(() -> Sensitive.ofCredentials("prod-db", "")).isInstanceOf(InvalidRequest.class)
                .hasMessage("credentials \"prod-db\" hold an empty secret: fill it in under Manage Jenkins » Credentials, or pass another ID");
        assertThat(Sensitive.ofCredentials("prod-db", "canary-5")).hasToString(Redaction.REDACTED);
    }

    // The message only: that SmExecution.onResume fails with it instead of running again needs JenkinsRule (-Pjenkins).
    @Test
    void theRestartMessageNamesTheCallItDidNotRunAgainAndWhatToCheck() {
        String message = Interruption.message("smRestoreDb", "Restore[database=null, backup=latest]", "2026-11-28T03:00:00Z");

        assertThat(message).startsWith("smRestoreDb was interrupted by a restart of the Jenkins controller and was NOT run again")
                .contains("Restore[database=null, backup=latest]").contains("audit page").contains("dryRun: true");
    }

    @Test
    void aBuildStartedByNoUserIsNamedByItsCauseNeverAsSystem() {
        assertThat(new Requester(null, "Started by timer", "job#1").actor().name()).isEqualTo("jenkins (Started by timer)");
        assertThat(new Requester("bob", "Started by user Bob", "job#1").invocation("why", false).via()).isEqualTo("Jenkins job#1");
    }
}
