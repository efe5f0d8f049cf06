package dev.smctl.evidence;

import dev.smctl.SandboxCase;
import dev.smctl.TestDatabases;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Status;
import dev.smctl.sandbox.Platform;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** P0-03's evidence: a real database dump, the sandbox's objects and logs, a manifest that catches any change. */
class ForensicsCaptureTest extends SandboxCase {
    static final String CANARY = "canary-evidence-9e2b";

    @Test
    void capturesDatabaseObjectsAndLogsWithAManifestThatDetectsTampering() throws Exception {
        DatabaseAccess db = TestDatabases.create("evidence", 42);
        client.secrets().inNamespace(NS).withName(Platform.DATABASE_SECRET).edit(secret -> new SecretBuilder(secret)
                .addToStringData("url", "postgresql://app:" + CANARY + "@postgres/securemessenger").build());
        client.apps().deployments().inNamespace(NS).withName(Platform.BACKEND_GREEN).edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                    .add(new io.fabric8.kubernetes.api.model.EnvVar("JWT_SECRET", CANARY, null));
            return d;
        });
        Path bundle = dir.resolve("evidence");

        ActionResult result = engine().captureForensics(NS, Map.of("component", "backend"), db, bundle, asAlice(false), progress());

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(bundle.resolve("database/" + db.database() + ".dump")).isNotEmptyFile();
        assertThat(bundle.resolve("kubernetes/deployment/backend.json")).exists();
        assertThat(bundle.resolve("logs")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("backend-"));
        try (Stream<Path> files = Files.walk(bundle)) {
            assertThat(files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".dump")))
                    .allSatisfy(p -> assertThat(Files.readString(p)).doesNotContain(CANARY));
        }
        assertThat(EvidenceVerifier.verify(bundle).intact()).isTrue();

        Path log = Files.list(bundle.resolve("logs")).findFirst().orElseThrow();
        Files.writeString(log, "nothing to see here\n");
        Files.delete(bundle.resolve("kubernetes/deployment/backend.json"));
        Files.writeString(bundle.resolve("planted.txt"), "x");

        assertThat(EvidenceVerifier.verify(bundle).problems())
                .anyMatch(p -> p.startsWith("logs/") && p.contains("modified"))
                .anyMatch(p -> p.equals("kubernetes/deployment/backend.json: missing"))
                .anyMatch(p -> p.startsWith("planted.txt: not in the manifest"));
    }

    @Test
    void dryRunWritesNothing() {
        Path bundle = dir.resolve("evidence");

        ActionResult result = engine().captureForensics(NS, Map.of("component", "backend"), null, bundle, asAlice(true), progress());

        assertThat(result.message()).startsWith("dry run: would capture evidence");
        assertThat(bundle).doesNotExist();
    }
}
