package dev.smctl.runbook;

import dev.smctl.approval.ApprovalGate;
import dev.smctl.approval.ApprovalPolicy;
import dev.smctl.approval.ApprovalRequest;
import dev.smctl.approval.Decision;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Actor;
import dev.smctl.engine.InvalidRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drafts from logs that hold no runbook-start record: a Jenkins build's, whose Pipeline ran the runbook step by step. */
class PostmortemTest {
    @TempDir
    Path dir;

    /** A log with one gate answer, as smApprovalDecision leaves it in a build. */
    AuditLog buildLog() {
        AuditLog log = new AuditLog(dir.resolve("audit.jsonl"));
        ApprovalPolicy policy = ApprovalPolicy.of("contain", RunbookLoader.find("P0-03").gates().get("contain"));
        Instant now = Instant.now();
        new ApprovalGate(log, user -> Set.of("security-team"), Clock.systemUTC()).decide(new ApprovalRequest("runbooks/P0-03#5", "P0-03",
                "isolate-blue", policy, Actor.user("alice"), "isolate-blue (scale)", now, now.plus(policy.expires())),
                new Decision("dave", true, "evidence is safe", now, "Jenkins input"));
        return log;
    }

    @Test
    void theNamedRunbookGivesTheTitleAndSeverityWhenTheLogHasNoStartRecord() throws IOException {
        String draft = Postmortem.draftFor(buildLog().file(), "p0-03");

        assertThat(draft).startsWith("# Post-mortem: P0-03 Security breach (DRAFT)")
                .contains("| Severity | P0 (respond within 15 min) |")
                .contains("Runbook P0-03 was run step by step by a pipeline")
                .contains("gate contain for step isolate-blue: approved by dave")
                .contains("| Runbook update (P0-03) |")
                .contains("audit chain intact");
    }

    @Test
    void withoutARunbookTheDraftSaysNoRunWasRecorded() throws IOException {
        String draft = Postmortem.draft(buildLog().file());

        assertThat(draft).startsWith("# Post-mortem: smctl run (DRAFT)").contains("No runbook run is recorded in this log")
                .contains("| Severity | _(to fill in)_ |");
    }

    @Test
    void anUnknownRunbookIsRefused() {
        AuditLog log = buildLog();

        assertThatThrownBy(() -> Postmortem.draftFor(log.file(), "P9-99")).isInstanceOf(InvalidRequest.class).hasMessageStartingWith("no runbook \"P9-99\"");
    }
}
