package dev.smctl.jenkins.work;

import dev.smctl.approval.GroupDirectory;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.evidence.EvidenceBundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * smWriteRecords' work: the build's log read on the controller, sent over the wire to the agent, and the four files
 * written into the workspace there.
 */
class RecordsJobTest {
    static final Requester ALICE_STARTED = new Requester("alice", "Started by user Alice", "runbooks/P0-03#4");

    @TempDir
    Path dir;
    Path workspace;
    AuditLog buildLog;
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeEach
    void buildWithTwoGateAnswers() throws IOException {
        workspace = Files.createDirectories(dir.resolve("workspace"));
        buildLog = BuildAudit.of(dir.resolve("build").toFile());
        GroupDirectory groups = user -> Set.of("security-team");
        new ApprovalDecision("P0-03", "contain", "isolate-blue", "dave", "evidence is safe", "approved").apply(buildLog, groups, ALICE_STARTED,
                Clock.systemUTC());
        new ApprovalDecision("P0-03", "contain", "isolate-blue", "alice", "me too", "approved").apply(buildLog, groups, ALICE_STARTED,
                Clock.systemUTC());
    }

    Map<String, Object> writeOnTheAgent(RecordsJob job) throws IOException {
        return DatabaseStepsTest.overTheWire(DatabaseStepsTest.overTheWire(job).run(workspace, new PrintStream(console, true, StandardCharsets.UTF_8)));
    }

    @Test
    void writesTheLogItsHeadThePostmortemAndTheReportIntoTheWorkspace() throws IOException {
        Map<String, Object> result = writeOnTheAgent(RecordsJob.of("P0-03", buildLog));

        assertThat(result).containsEntry("auditVerified", true).containsEntry("files",
                List.of("smctl/audit.jsonl", "smctl/audit.jsonl.head", "smctl/postmortem.md", "smctl/report.html"));
        assertThat(workspace.resolve("smctl/audit.jsonl")).hasSameBinaryContentAs(buildLog.file());
        assertThat(workspace.resolve("smctl/audit.jsonl.head")).hasSameBinaryContentAs(buildLog.headFile());
        assertThat(Files.readString(workspace.resolve("smctl/postmortem.md"))).startsWith("# Post-mortem: P0-03 Security breach (DRAFT)")
                .contains("gate contain for step isolate-blue: approved by dave").contains("gate contain for step isolate-blue: refused by alice");
        assertThat(Files.readString(workspace.resolve("smctl/report.html"))).startsWith("<!DOCTYPE html>").contains("No evidence was captured in this run, and no evidence bundle was given.");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("[smWriteRecords] wrote smctl/audit.jsonl").contains("the audit chain verifies");
    }

    @Test
    void aLogAlteredAfterItsRecordsWereWrittenIsReportedEverywhere() throws IOException {
        Files.writeString(buildLog.file(), Files.readString(buildLog.file()).replace("evidence is safe", "evidence is fine"));

        Map<String, Object> result = writeOnTheAgent(RecordsJob.of("P0-03", buildLog));

        assertThat(result).containsEntry("auditVerified", false);
        assertThat(Files.readString(workspace.resolve("smctl/postmortem.md"))).contains("WARNING: the audit log this draft was built from has been tampered with");
        assertThat(Files.readString(workspace.resolve("smctl/report.html"))).contains("banner tampered");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("the audit chain does NOT verify");
    }

    @Test
    void theNewestEvidenceBundleInTheWorkspaceIsListedAndRechecked() throws IOException {
        for (String time : List.of("20261128-030000", "20261128-031500")) {
            EvidenceBundle bundle = new EvidenceBundle(workspace.resolve("smctl/evidence-" + time));
            bundle.add("pods/backend.log", "captured at " + time);
            bundle.seal();
        }
        Files.writeString(workspace.resolve("smctl/evidence-20261128-031500/pods/backend.log"), "edited afterwards");

        Map<String, Object> result = writeOnTheAgent(RecordsJob.of("P0-03", buildLog));

        assertThat(result).containsEntry("auditVerified", true);
        assertThat(Files.readString(workspace.resolve("smctl/report.html"))).contains("pods/backend.log").contains("The bundle does NOT verify");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("evidence listed from smctl/evidence-20261128-031500");
    }

    @Test
    void anUnknownRunbookOrABuildWithoutRecordsIsRefusedAndNothingIsWritten() {
        AuditLog empty = BuildAudit.of(dir.resolve("other-build").toFile());

        assertThatThrownBy(() -> RecordsJob.of("P9-99", buildLog)).isInstanceOf(InvalidRequest.class).hasMessageStartingWith("no runbook \"P9-99\"");
        assertThatThrownBy(() -> RecordsJob.of(null, buildLog)).hasMessage("the argument 'runbook' is required");
        assertThatThrownBy(() -> RecordsJob.of("P0-03", empty)).isInstanceOf(InvalidRequest.class)
                .hasMessage("this build has no audit records yet (no sm* step has finished in it): there is nothing to write");
        assertThat(workspace.resolve("smctl")).doesNotExist();
    }
}
