package dev.smctl.engine;

import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamesAndRedactionTest {
    @ParameterizedTest
    @ValueSource(strings = {"Production", "prod_1", "-prod", "prod-", "", "a.b", "x;rm -rf /", "0123456789012345678901234567890123456789012345678901234567890123"})
    void rejectsNamespacesThatAreNotDns1123Labels(String name) {
        assertThatThrownBy(() -> Target.deployment(name, "backend"))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("DNS-1123 label");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Backend", "back end", "backend.", "$(whoami)", "backend\nINFO forged log line"})
    void rejectsDeploymentNamesThatAreNotDns1123Subdomains(String name) {
        assertThatThrownBy(() -> Target.deployment("production", name))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("DNS-1123 subdomain")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void acceptsKubernetesNames() {
        assertThat(Target.deployment("production", "backend-green.v2").toString()).isEqualTo("deployment production/backend-green.v2");
    }

    @Test
    void removesCredentialsFromUrlsInText() {
        assertThat(Redaction.text("probe https://ops:hunter2@api.example.com/health?token=abc&x=1 failed"))
                .isEqualTo("probe https://[redacted]@api.example.com/health?token=[redacted]&x=1 failed");
        assertThat(Redaction.url(URI.create("https://ops:hunter2@api.example.com/health?token=abc")))
                .isEqualTo("https://api.example.com/health (credentials and query hidden)");
    }

    @Test
    void removesEverySecretAssignmentNotOnlyTheFirstQuery() {
        assertThat(Redaction.text("a http://x/?a=1 then http://y/?token=abc&b=2 and jdbc:postgresql://db/app;password=hunter2 PGPASSWORD=pw"))
                .isEqualTo("a http://x/?a=1 then http://y/?token=[redacted]&b=2 and jdbc:postgresql://db/app;password=[redacted] PGPASSWORD=[redacted]");
        assertThat(Redaction.text("https://user:p@ss@host/x")).isEqualTo("https://[redacted]@host/x");
    }

    @Test
    void redactsSecretNamedParametersAndEnvironmentValues() {
        assertThat(Redaction.parameters(Map.of("dbPassword", "hunter2", "replicas", "3")))
                .containsEntry("dbPassword", "[redacted]").containsEntry("replicas", "3");
        var tree = JsonMapper.builder().build().valueToTree(Map.of("env", java.util.List.of(
                Map.of("name", "JWT_SECRET", "value", "hunter2"), Map.of("name", "NODE_ENV", "value", "production"))));
        assertThat(Redaction.tree(tree).toString()).doesNotContain("hunter2").contains("production");
    }

    @Test
    void aChangedSecretIsAChangeWithoutItsValue() {
        var mapper = JsonMapper.builder().build();
        var before = mapper.valueToTree(Map.of("env", java.util.List.of(Map.of("name", "JWT_SECRET", "value", "canary-old")), "image", "a:1"));
        var after = mapper.valueToTree(Map.of("env", java.util.List.of(Map.of("name", "JWT_SECRET", "value", "canary-new")), "image", "a:2"));

        var changes = Changes.between("/spec", before, after);

        assertThat(changes).extracting(Change::path).containsExactlyInAnyOrder("/spec/env/0/value", "/spec/image");
        assertThat(changes.toString()).doesNotContain("canary");
    }

    @Test
    void parsesDurationsAsKubectlSpellsThem() {
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> Durations.parse("5 minutes")).isInstanceOf(InvalidRequest.class);
    }
}
