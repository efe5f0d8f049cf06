package dev.smctl.jenkins.work;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Change;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Status;
import dev.smctl.engine.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rows and verdict of the build's audit page, from real records of core's AuditLog. */
class AuditPageTest {
    @TempDir
    Path dir;

    AuditLog log() {
        return BuildAudit.of(dir.toFile());
    }

    void record(Actor actor, String action, List<Change> changes, Status status) {
        ActionResult result = new ActionResult("run-1", action, Target.deployment("production", "backend"), status, false, false,
                action + " " + status.label(), "summary", changes, Map.of(), Map.of("replicas", 0), "", null,
                Instant.parse("2026-11-28T03:00:00Z"), Duration.ofSeconds(2));
        log().record(result, new Invocation(actor, "drill", "Jenkins runbooks/P0-03#4", false), Map.of());
    }

    @Test
    void showsEachRecordWithItsActorTargetChangeAndOutcome() {
        record(Actor.user("alice"), "scale", List.of(new Change("/spec/replicas", 3, 0)), Status.SUCCEEDED);
        record(Actor.alert("SuspiciousActivity", "f00d"), "rollback", List.of(), Status.REFUSED);

        AuditPage page = AuditPage.read(log().file());

        assertThat(page.intact()).isTrue();
        assertThat(page.verdict()).startsWith("intact (2 records; last record ");
        assertThat(page.rows()).containsExactly(
                new AuditPage.Row(1, "2026-11-28T03:00:00Z", "alice", "scale", "deployment production/backend", "/spec/replicas: 3 → 0",
                        "succeeded", "scale succeeded"),
                new AuditPage.Row(2, "2026-11-28T03:00:00Z", "alert SuspiciousActivity (f00d)", "rollback", "deployment production/backend",
                        "{\"replicas\":0}", "refused", "rollback refused"));
    }

    @Test
    void anEditedRecordShowsAsABrokenChain() throws Exception {
        record(Actor.user("alice"), "scale", List.of(new Change("/spec/replicas", 3, 0)), Status.SUCCEEDED);
        record(Actor.user("alice"), "scale", List.of(new Change("/spec/replicas", 0, 3)), Status.SUCCEEDED);
        Path file = log().file();
        Files.writeString(file, Files.readString(file).replaceFirst("\"alice\"", "\"mallory\""));

        AuditPage page = AuditPage.read(file);

        assertThat(page.intact()).isFalse();
        assertThat(page.verdict()).startsWith("TAMPERED at record 1");
        assertThat(page.rows().get(0).actor()).isEqualTo("mallory");
    }

    @Test
    void aBuildWithoutRecordsSaysSo() {
        assertThat(AuditPage.read(dir.resolve("smctl/audit.jsonl")).verdict()).startsWith("no records");
    }

    @Test
    void longChangeListsAreCutOnThePage() {
        ObjectNode record = (ObjectNode) AuditLog.parseQuietly("""
                {"time":"t","actor":{"type":"user","name":"bob"},"action":"restore","target":{"kind":"database","namespace":"production","name":"db"},
                 "plan":{"changes":[{"path":"/a","before":1,"after":2},{"path":"/b","before":null,"after":"x"},{"path":"/c","before":1,"after":2},
                 {"path":"/d","before":1,"after":2}]},"outcome":"succeeded","message":"m"}""");

        assertThat(AuditPage.row(record).change()).isEqualTo("/a: 1 → 2; /b: (none) → x; /c: 1 → 2; and 1 more");
    }
}
