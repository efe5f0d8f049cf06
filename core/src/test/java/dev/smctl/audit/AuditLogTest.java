package dev.smctl.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Change;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Status;
import dev.smctl.engine.Target;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditLogTest {
    static final String CANARY = "canary-7f3e9d1c-secret";

    @TempDir
    Path dir;
    Path file;
    AuditLog log;

    @BeforeEach
    void fiveRecords() {
        file = dir.resolve("audit.jsonl");
        log = new AuditLog(file);
        for (int i = 1; i <= 5; i++) {
            ObjectNode body = AuditChain.MAPPER.createObjectNode();
            body.put("action", "test");
            body.put("n", i);
            log.append(body);
        }
    }

    List<String> lines() throws Exception {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    void write(List<String> lines) throws Exception {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    AuditVerification verify() throws Exception {
        return AuditVerifier.verify(file);
    }

    @Test
    void anUntouchedLogVerifies() throws Exception {
        AuditVerification verification = verify();

        assertThat(verification.intact()).isTrue();
        assertThat(verification.records()).isEqualTo(5);
        assertThat(verification.lastHash()).isEqualTo(AuditChain.sha256(lines().get(4)));
    }

    @Test
    void chainsEachRecordToTheHashOfThePreviousLine() throws Exception {
        List<String> lines = lines();
        assertThat(AuditChain.MAPPER.readTree(lines.get(0)).path("prev").asText()).isEqualTo(AuditChain.GENESIS);
        assertThat(AuditChain.MAPPER.readTree(lines.get(3)).path("prev").asText()).isEqualTo(AuditChain.sha256(lines.get(2)));
    }

    @Test
    void aGroupCommitChainsItsRecordsAsIfAppendedOneByOne() throws Exception {
        List<ObjectNode> bodies = new ArrayList<>();
        for (int i = 6; i <= 8; i++) {
            bodies.add(AuditChain.MAPPER.createObjectNode().put("action", "test").put("n", i));
        }

        List<String> ids = log.append(bodies);

        List<String> lines = lines();
        assertThat(lines).hasSize(8);
        assertThat(AuditChain.MAPPER.readTree(lines.get(5)).path("prev").asText()).isEqualTo(AuditChain.sha256(lines.get(4)));
        assertThat(AuditChain.MAPPER.readTree(lines.get(7)).path("seq").asLong()).isEqualTo(8);
        assertThat(ids).containsExactly(AuditChain.sha256(lines.get(5)), AuditChain.sha256(lines.get(6)), AuditChain.sha256(lines.get(7)));
        assertThat(verify().intact()).isTrue();
    }

    @Test
    void detectsAnEditedRecord() throws Exception {
        List<String> lines = lines();
        lines.set(1, lines.get(1).replace("\"n\":2", "\"n\":9"));
        write(lines);

        AuditVerification verification = verify();

        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBadRecord()).isEqualTo(2);
        assertThat(verification.summary()).isEqualTo("TAMPERED at record 2: record 2 was altered: its hash no longer matches the prev that record 3 carries");
    }

    @Test
    void detectsAnEditOfTheLastRecord() throws Exception {
        List<String> lines = lines();
        lines.set(4, lines.get(4).replace("\"n\":5", "\"n\":6"));
        write(lines);

        assertThat(verify().firstBadRecord()).isEqualTo(5);
        assertThat(verify().problem()).contains("(the last) was altered");
    }

    @Test
    void detectsADeletedRecord() throws Exception {
        List<String> lines = lines();
        lines.remove(2);
        write(lines);

        assertThat(verify().firstBadRecord()).isEqualTo(3);
        assertThat(verify().problem()).contains("record(s) 3..3 were deleted");
    }

    @Test
    void detectsTheDeletionOfTheFirstRecord() throws Exception {
        List<String> lines = lines();
        lines.remove(0);
        write(lines);

        assertThat(verify().firstBadRecord()).isEqualTo(1);
    }

    @Test
    void detectsAnInsertedRecord() throws Exception {
        List<String> lines = lines();
        lines.add(2, lines.get(1));
        write(lines);

        assertThat(verify().firstBadRecord()).isEqualTo(3);
        assertThat(verify().problem()).contains("inserted or the records were reordered");
    }

    @Test
    void detectsAForgedRecordWithAValidLookingSequenceNumber() throws Exception {
        List<String> lines = lines();
        lines.add(lines.get(4).replace("\"seq\":5", "\"seq\":6"));
        write(lines);

        assertThat(verify().intact()).isFalse();
        assertThat(verify().firstBadRecord()).isEqualTo(5);
    }

    @Test
    void detectsReorderedRecords() throws Exception {
        List<String> lines = lines();
        String second = lines.get(1);
        lines.set(1, lines.get(2));
        lines.set(2, second);
        write(lines);

        assertThat(verify().firstBadRecord()).isEqualTo(2);
    }

    @Test
    void detectsRecordsCutFromTheEnd() throws Exception {
        List<String> lines = lines();
        write(lines.subList(0, 3));

        assertThat(verify().firstBadRecord()).isEqualTo(4);
        assertThat(verify().problem()).contains("truncated: it holds 3 records but its head says 5");
    }

    @Test
    void detectsAFileCutInTheMiddleOfARecord() throws Exception {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, content.substring(0, content.length() - 20), StandardCharsets.UTF_8);

        assertThat(verify().firstBadRecord()).isEqualTo(5);
        assertThat(verify().problem()).contains("cut in the middle");
    }

    @Test
    void detectsAMissingHead() throws Exception {
        Files.delete(log.headFile());

        assertThat(verify().intact()).isFalse();
        assertThat(verify().problem()).contains("head file audit.jsonl.head is missing");
    }

    @Test
    void refusesToAppendToALogThatNoLongerMatchesItsHead() throws Exception {
        write(lines().subList(0, 4));

        assertThatThrownBy(log::checkWritable).isInstanceOf(Refused.class).hasMessageContaining("smctl audit verify");
        assertThatThrownBy(() -> log.append(AuditChain.MAPPER.createObjectNode())).isInstanceOf(Refused.class);
    }

    @Test
    void aRecordWhoseHeadWasNeverMovedIsAdoptedBecauseItChainsOntoTheHead() throws Exception {
        String headBefore = Files.readString(log.headFile());
        log.append(AuditChain.MAPPER.createObjectNode().put("action", "written before the crash"));
        Files.writeString(log.headFile(), headBefore);  // the process died between the record and the head

        log.checkWritable();
        log.append(AuditChain.MAPPER.createObjectNode().put("action", "after the crash"));

        assertThat(verify().intact()).isTrue();
        assertThat(verify().records()).isEqualTo(7);
    }

    @Test
    void aGroupCommitWhoseHeadWasNeverMovedIsAdoptedWhole() throws Exception {
        String headBefore = Files.readString(log.headFile());
        log.append(List.of(AuditChain.MAPPER.createObjectNode().put("n", 6), AuditChain.MAPPER.createObjectNode().put("n", 7)));
        Files.writeString(log.headFile(), headBefore);  // the process died between the records and the head

        log.append(AuditChain.MAPPER.createObjectNode().put("action", "after the crash"));

        assertThat(verify().intact()).isTrue();
        assertThat(verify().records()).isEqualTo(8);
    }

    @Test
    void aTailWithOneLineThatDoesNotChainIsNeverAdopted() throws Exception {
        String headBefore = Files.readString(log.headFile());
        log.append(List.of(AuditChain.MAPPER.createObjectNode().put("n", 6), AuditChain.MAPPER.createObjectNode().put("n", 7)));
        Files.writeString(log.headFile(), headBefore);
        List<String> lines = lines();
        lines.set(5, lines.get(5).replace("\"n\":6", "\"n\":8"));  // the next line's prev no longer matches
        write(lines);

        assertThatThrownBy(log::checkWritable).isInstanceOf(Refused.class).hasMessageContaining("smctl audit verify");
    }

    @Test
    void aHalfWrittenLineIsNeverAdopted() throws Exception {
        Files.writeString(file, "{\"seq\":6,\"prev\":\"", java.nio.file.StandardOpenOption.APPEND);

        assertThatThrownBy(log::checkWritable).isInstanceOf(Refused.class).hasMessageContaining("smctl audit verify");
    }

    @Test
    void concurrentAppendersKeepTheChainIntact() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            futures.add(pool.submit(() -> log.append(AuditChain.MAPPER.createObjectNode().put("action", "parallel"))));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();

        assertThat(verify().intact()).isTrue();
        assertThat(verify().records()).isEqualTo(45);
    }

    @Test
    void recordsWhoWhatAndOutcomeWithSecretsRedacted() throws Exception {
        ActionResult result = new ActionResult("run-1", "rollback", Target.deployment("production", "backend"), Status.SUCCEEDED,
                false, false, "rolled back; probed https://ops:" + CANARY + "@health.example.com/health", "roll back",
                List.of(new Change("/spec/template/spec/containers/0/image", "a:1", "a:2")),
                Map.of("revision", 3, "env", List.of(Map.of("name", "DB_PASSWORD", "value", CANARY))),
                Map.of("revision", "4"), "smctl rollback backend -n production --to-revision 3", null,
                Instant.parse("2026-11-28T03:00:00Z"), Duration.ofSeconds(42));
        Invocation invocation = new Invocation(Actor.alert("ApplicationDown", "c0ffee12"), "alert fired", "Jenkins job #7", false);

        String id = log.record(result, invocation, Map.of("healthUrl", "https://ops:" + CANARY + "@h/health?token=" + CANARY,
                "apiToken", CANARY, "toRevision", "0"));

        String content = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(content).doesNotContain(CANARY);
        var record = AuditLog.read(file).get(5);
        assertThat(AuditChain.sha256(lines().get(5))).isEqualTo(id);
        assertThat(record.path("actor").path("type").asText()).isEqualTo("alert");
        assertThat(record.path("actor").path("fingerprint").asText()).isEqualTo("c0ffee12");
        assertThat(record.path("action").asText()).isEqualTo("rollback");
        assertThat(record.path("target").path("name").asText()).isEqualTo("backend");
        assertThat(record.path("parameters").path("toRevision").asText()).isEqualTo("0");
        assertThat(record.path("parameters").path("apiToken").asText()).isEqualTo("[redacted]");
        assertThat(record.path("before").path("revision").asInt()).isEqualTo(3);
        assertThat(record.path("after").path("revision").asText()).isEqualTo("4");
        assertThat(record.path("outcome").asText()).isEqualTo("succeeded");
        assertThat(record.path("time").asText()).isEqualTo("2026-11-28T03:00:00Z");
        assertThat(record.path("durationMs").asLong()).isEqualTo(42_000);
        assertThat(verify().intact()).isTrue();
    }
}
