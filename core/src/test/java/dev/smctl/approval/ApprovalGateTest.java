package dev.smctl.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smctl.audit.AuditLog;
import dev.smctl.audit.AuditVerifier;
import dev.smctl.engine.Actor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ApprovalGateTest {
    @TempDir
    Path dir;
    private AuditLog log;
    private ApprovalGate gate;

    @BeforeEach
    void setUp() throws IOException {
        log = new AuditLog(dir.resolve("audit.jsonl"));
        Path groups = Files.writeString(dir.resolve("groups.yaml"), "sre-leads: [alice, Bob]\ndba: [carol]\nsecurity-team: [dave, erin, frank]\n");
        gate = new ApprovalGate(log, GroupDirectory.fromFile(groups), Clock.systemUTC());
    }

    private static ApprovalRequest request(ApprovalPolicy policy, Actor requester) {
        Instant now = Instant.now();
        return new ApprovalRequest("run-1", "P0-02", "restore", policy, requester, "db-restore {database=securemessenger}", now,
                now.plus(policy.expires()));
    }

    private static ApprovalPolicy policy(int n, Duration expires, List<String> approvers) {
        return new ApprovalPolicy("destructive", approvers, n, expires, true);
    }

    /** Answers in order, then nothing until the deadline, as an unattended gate. */
    private static ApprovalSource answers(Decision... decisions) {
        Deque<Decision> queue = new ArrayDeque<>(List.of(decisions));
        return (request, deadline) -> {
            if (!queue.isEmpty()) {
                return Optional.of(queue.poll());
            }
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), deadline).toMillis() + 1));
            return Optional.empty();
        };
    }

    private static Decision approve(String who, String comment) {
        return new Decision(who, true, comment, Instant.now(), "test");
    }

    @Test
    void theRequesterCannotApproveTheirOwnRunAndTheRefusalIsRecorded() throws Exception {
        ApprovalRequest request = request(policy(1, Duration.ofMillis(400), List.of("sre-leads")), Actor.user("alice"));

        GateOutcome outcome = gate.await(request, answers(approve("ALICE", "I know what I am doing")));

        assertThat(outcome.result()).isEqualTo(GateOutcome.Result.TIMED_OUT);
        List<JsonNode> records = AuditLog.read(log.file());
        assertThat(records).extracting(r -> r.path("outcome").asText()).containsExactly("refused", "timed out");
        assertThat(records.get(0).path("message").asText()).contains("started this run and cannot approve it");
        assertThat(records.get(0).path("actor").path("name").asText()).isEqualTo("ALICE");
        assertThat(AuditVerifier.verify(log.file()).intact()).isTrue();
    }

    @Test
    void twoOfThreeNeedsTwoDifferentMembersWithComments() throws Exception {
        ApprovalRequest request = request(new ApprovalPolicy("security", List.of("security-team"), 2, Duration.ofSeconds(5), true),
                Actor.alert("SuspiciousActivity", "abc123"));

        GateOutcome outcome = gate.await(request, answers(approve("dave", "contained"), approve("dave", "again"), approve("mallory", "me too"),
                approve("erin", ""), approve("SuspiciousActivity", "bot"), approve("erin", "checked the evidence")));

        assertThat(outcome.result()).isEqualTo(GateOutcome.Result.APPROVED);
        assertThat(outcome.approvers()).containsExactly("dave", "erin");
        List<JsonNode> records = AuditLog.read(log.file());
        assertThat(records).extracting(r -> r.path("outcome").asText())
                .containsExactly("approved", "refused", "refused", "refused", "refused", "approved");
        assertThat(records).extracting(r -> r.path("message").asText()).satisfies(messages -> {
            assertThat(messages.get(1)).contains("already approved");
            assertThat(messages.get(2)).contains("not one of the approvers");
            assertThat(messages.get(3)).contains("requires a comment");
            assertThat(messages.get(4)).contains("alert that started this run");
        });
    }

    @Test
    void aRejectionByAnApproverClosesTheGate() throws Exception {
        ApprovalRequest request = request(policy(2, Duration.ofSeconds(5), List.of("sre-leads", "dba")), Actor.user("zoe"));

        GateOutcome outcome = gate.await(request, answers(approve("bob", "go"), new Decision("carol", false, "wrong backup", Instant.now(), "test")));

        assertThat(outcome.result()).isEqualTo(GateOutcome.Result.REJECTED);
        assertThat(outcome.message()).contains("carol").contains("wrong backup");
    }

    @Test
    void aStrangerCannotRejectEither() throws Exception {
        ApprovalRequest request = request(policy(1, Duration.ofSeconds(5), List.of("dba")), Actor.user("zoe"));

        GateOutcome outcome = gate.await(request, answers(new Decision("mallory", false, "no", Instant.now(), "test"), approve("carol", "ok")));

        assertThat(outcome.result()).isEqualTo(GateOutcome.Result.APPROVED);
    }

    @Test
    void anUnansweredGateTimesOutAtItsExpiry() throws Exception {
        ApprovalRequest request = request(policy(1, Duration.ofMillis(300), List.of("dba")), Actor.user("zoe"));
        long started = System.nanoTime();

        GateOutcome outcome = gate.await(request, new PreApprovals(List.of(), Clock.systemUTC()));

        assertThat(outcome.result()).isEqualTo(GateOutcome.Result.TIMED_OUT);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(outcome.message()).contains("timed out after").contains("0 of 1");
    }

    @Test
    void approvalsCountedSoFarAreReadBackFromTheLogSoOneAnswerAtATimeWorks() {
        ApprovalRequest request = request(policy(2, Duration.ofSeconds(5), List.of("sre-leads", "dba")), Actor.user("zoe"));

        GateVerdict first = gate.decide(request, approve("bob", "ok"));
        GateVerdict second = new ApprovalGate(log, user -> user.equals("carol") ? java.util.Set.of("dba") : java.util.Set.of(), Clock.systemUTC())
                .decide(request, approve("carol", "ok"));

        assertThat(first.open()).isFalse();
        assertThat(second.open()).isTrue();
        assertThat(second.approvals()).isEqualTo(2);
    }

    @Test
    void aTimeoutSeenFromOutsideIsRecordedWithTheApprovalsCountedSoFar() throws IOException {
        ApprovalRequest request = request(policy(2, Duration.ofMinutes(30), List.of("sre-leads")), Actor.user("zoe"));
        gate.decide(request, approve("bob", "ok"));

        GateOutcome outcome = gate.timedOut(request);

        assertThat(outcome.result()).isEqualTo(GateOutcome.Result.TIMED_OUT);
        assertThat(outcome.approvers()).containsExactly("bob");
        assertThat(outcome.message()).isEqualTo("gate destructive timed out after 30m0s with 1 of 2 approvals; nothing after it ran");
        List<JsonNode> records = AuditLog.read(log.file());
        assertThat(records).extracting(r -> r.path("outcome").asText()).containsExactly("approved", "timed out");
        assertThat(records.get(1).path("actor").path("type").asText()).isEqualTo("gate");
        assertThat(records.get(1).path("approvals").asInt()).isEqualTo(1);
        assertThat(AuditVerifier.verify(log.file()).intact()).isTrue();
    }

    @Test
    void preApprovalsMustBeWellFormed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PreApprovals(List.of("destructive-alice"), Clock.systemUTC()))
                .hasMessageContaining("GATE=NAME:COMMENT");
    }
}
