package dev.smctl.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Refused;
import dev.smctl.runbook.RunControl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A gate nobody watches at a terminal, answered through the shared audit log from another shell. */
class RemoteApprovalsTest {
    @TempDir
    Path dir;
    private AuditLog log;
    private ApprovalGate gate;
    private final RunControl control = new RunControl();
    private final Clock clock = Clock.systemUTC();

    @BeforeEach
    void setUp() throws IOException {
        log = new AuditLog(dir.resolve("audit.jsonl"));
        gate = new ApprovalGate(log, GroupDirectory.fromFile(Files.writeString(dir.resolve("groups.yaml"), "sre-oncall: [bob, carol]\n")), clock);
    }

    private ApprovalRequest request(int approvals, Duration expires) {
        Instant now = clock.instant();
        return new ApprovalRequest("run-7", "P1-02", "restart", new ApprovalPolicy("on-call", List.of("sre-oncall"), approvals, expires, true),
                Actor.alert("HighWebSocketDisconnectRate", "5237fa8913a931e6"), "restart {deployment=backend}", now, now.plus(expires));
    }

    private CompletableFuture<GateOutcome> waiting(ApprovalRequest request) throws InterruptedException, IOException {
        RemoteApprovals source = new RemoteApprovals(log, control, Duration.ofMillis(50), "test", clock);
        CompletableFuture<GateOutcome> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.await(request, source);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 200 && requests() == 0; i++) {
            Thread.sleep(10);
        }
        return outcome;
    }

    /** How many gates have recorded that they wait. */
    private long requests() throws IOException {
        return Files.exists(log.file()) ? AuditLog.read(log.file()).stream().filter(r -> r.path("action").asText().equals(RemoteApprovals.REQUEST)).count() : 0;
    }

    @Test
    void answersFromAnotherShellAreDecidedByTheGateWhichCountsOnlyPeopleItMayCount() throws Exception {
        CompletableFuture<GateOutcome> outcome = waiting(request(2, Duration.ofSeconds(30)));
        GateAnswer answer = GateAnswer.waitingAt(log, "run-7", "on-call", clock);

        Optional<JsonNode> byTheAlert = answer.verdict(log, answer.submit(log, "HighWebSocketDisconnectRate", "ops-bastion-user", true, "auto", clock), Duration.ofSeconds(5));
        Optional<JsonNode> byBob = answer.verdict(log, answer.submit(log, "bob", "ops-bastion-user", true, "INC-7 go", clock), Duration.ofSeconds(5));
        Optional<JsonNode> byBobAgain = answer.verdict(log, answer.submit(log, "Bob", "ops-bastion-user", true, "INC-7 go go", clock), Duration.ofSeconds(5));
        Optional<JsonNode> byCarol = answer.verdict(log, answer.submit(log, "carol", "ops-bastion-user", true, "INC-7 agreed", clock), Duration.ofSeconds(5));

        assertThat(outcome.get(10, TimeUnit.SECONDS).result()).isEqualTo(GateOutcome.Result.APPROVED);
        assertThat(List.of(byTheAlert, byBob, byBobAgain, byCarol)).extracting(v -> v.orElseThrow().path("outcome").asText())
                .containsExactly("refused", "approved", "refused", "approved");
        assertThat(byTheAlert.orElseThrow().path("message").asText()).isEqualTo("HighWebSocketDisconnectRate is the alert that started this run; an alert never approves");
        assertThatThrownBy(() -> GateAnswer.waitingAt(log, "run-7", "on-call", clock)).isInstanceOf(Refused.class)
                .hasMessage("gate on-call of run run-7 is no longer waiting: approval 2 of 2");
        assertThat(AuditLog.read(log.file())).filteredOn(r -> r.path("action").asText().equals(RemoteApprovals.ANSWER))
                .as("the declared name and the account that typed it, side by side").hasSize(4)
                .allSatisfy(r -> assertThat(r.path("account").asText()).isEqualTo("ops-bastion-user"));
    }

    @Test
    void aStopClosesTheWaitingGateAtOnceAndNoAnswerIsTakenAfterIt() throws Exception {
        CompletableFuture<GateOutcome> outcome = waiting(request(1, Duration.ofMinutes(30)));

        boolean stopped = control.stopIfWaiting("alert HighWebSocketDisconnectRate resolved at 2026-03-14T04:00:00Z");

        assertThat(stopped).isTrue();
        GateOutcome closed = outcome.get(5, TimeUnit.SECONDS);
        assertThat(closed.result()).isEqualTo(GateOutcome.Result.CLOSED);
        assertThat(closed.message()).isEqualTo("gate on-call closed: alert HighWebSocketDisconnectRate resolved at 2026-03-14T04:00:00Z; nothing after it ran");
        assertThatThrownBy(() -> GateAnswer.waitingAt(log, "run-7", "on-call", clock)).isInstanceOf(Refused.class)
                .hasMessageContaining("is no longer waiting: gate on-call closed");
        assertThatThrownBy(() -> GateAnswer.waitingAt(log, "run-8", "on-call", clock)).isInstanceOf(Refused.class).hasMessageStartingWith("no run \"run-8\" in ");
    }
}
