package dev.smctl.jenkins.work;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.smctl.approval.GroupDirectory;
import dev.smctl.audit.AuditLog;
import dev.smctl.audit.AuditVerifier;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.runbook.RunbookLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * smApprovalDecision's work: one answer per call, against the gates of the real runbook definitions, recorded in
 * the build's audit log and counted from it.
 */
class ApprovalDecisionTest {
    static final Requester ALICE_STARTED = new Requester("alice", "Started by user Alice", "runbooks/P0-03#4");
    static final Requester ALERT_STARTED = new Requester(null, "Started by alert SuspiciousActivity", "runbooks/P0-03#5",
            "SuspiciousActivity", "f00d");
    /** The groups of the definitions' gates, as the plugin's approver groups setting would list them. */
    static final GroupDirectory GROUPS = ApproverGroups.of("""
            security-team: [alice, Dave, erin]
            sre-leads: [alice]
            dba: [carol]
            """);

    @TempDir
    Path build;

    AuditLog log() {
        return BuildAudit.of(build.toFile());
    }

    Map<String, Object> answer(Requester requester, String step, String approver, String comment, String decision) {
        return new ApprovalDecision("P0-03", "contain", step, approver, comment, decision).apply(log(), GROUPS, requester, Clock.systemUTC());
    }

    List<JsonNode> records() throws IOException {
        return AuditLog.read(log().file());
    }

    @Test
    void theBuildsRequesterCannotApproveIt() throws IOException {
        Map<String, Object> result = answer(ALICE_STARTED, "isolate-blue", "alice", "contained", "approved");

        assertThat(result).containsEntry("accepted", false).containsEntry("approvals", 0).containsEntry("needed", 2);
        assertThat(result.get("reason").toString()).isEqualTo("alice started this run and cannot approve it; ask one of [security-team]");
        assertThat(records()).singleElement().satisfies(r -> {
            assertThat(r.path("outcome").asText()).isEqualTo("refused");
            assertThat(r.path("runId").asText()).isEqualTo("runbooks/P0-03#4");
            assertThat(r.path("requester").asText()).isEqualTo("alice");
            assertThat(r.path("via").asText()).isEqualTo("Jenkins input");
        });
    }

    @Test
    void distinctApproversAreCountedAcrossCallsFromTheLog() throws IOException {
        Map<String, Object> first = answer(ALICE_STARTED, "isolate-blue", "dave", "evidence is safe", "approved");
        Map<String, Object> again = answer(ALICE_STARTED, "isolate-blue", "dave", "really", "approved");
        Map<String, Object> otherStep = answer(ALICE_STARTED, "revoke-sessions", "erin", "not yet", "approved");
        Map<String, Object> second = answer(ALICE_STARTED, "isolate-blue", "erin", "checked the access logs", "approved");

        assertThat(first).containsEntry("accepted", true).containsEntry("approvals", 1).containsEntry("needed", 2)
                .containsEntry("reason", "approval 1 of 2");
        assertThat(again).containsEntry("accepted", false).containsEntry("approvals", 1);
        assertThat(again.get("reason").toString()).contains("dave has already approved");
        assertThat(otherStep).as("another step's gate counts on its own").containsEntry("approvals", 1);
        assertThat(second).containsEntry("accepted", true).containsEntry("approvals", 2).containsEntry("reason", "approval 2 of 2");
        assertThat(records()).extracting(r -> r.path("outcome").asText()).containsExactly("approved", "refused", "approved", "approved");
        assertThat(AuditVerifier.verify(log().file()).intact()).isTrue();
    }

    @Test
    void anAlertStartedBuildIsRequestedByTheAlertWhichNeverApproves() throws IOException {
        Map<String, Object> bot = answer(ALERT_STARTED, "isolate-blue", "SuspiciousActivity", "auto", "approved");
        Map<String, Object> alertmanager = answer(ALERT_STARTED, "isolate-blue", "alertmanager", "auto", "approved");
        Map<String, Object> person = answer(ALERT_STARTED, "isolate-blue", "alice", "seen it", "approved");

        assertThat(bot).containsEntry("accepted", false);
        assertThat(bot.get("reason").toString()).isEqualTo("SuspiciousActivity is the alert that started this run; an alert never approves");
        assertThat(alertmanager).containsEntry("accepted", false);
        assertThat(alertmanager.get("reason").toString()).contains("automated identity");
        assertThat(person).as("alice did not start this build: the alert did").containsEntry("accepted", true).containsEntry("approvals", 1);
        assertThat(records().get(0).path("requester").asText()).isEqualTo("alert SuspiciousActivity (fingerprint f00d)");
    }

    @Test
    void aTimeoutIsRecordedWithTheApprovalsCountedSoFar() throws IOException {
        answer(ALICE_STARTED, "isolate-blue", "dave", "evidence is safe", "approved");

        Map<String, Object> result = answer(ALICE_STARTED, "isolate-blue", null, null, "timed-out");

        assertThat(result).containsEntry("accepted", true).containsEntry("approvals", 1).containsEntry("needed", 2)
                .containsEntry("reason", "gate contain timed out after 1h0m with 1 of 2 approvals; nothing after it ran");
        JsonNode timedOut = records().get(1);
        assertThat(timedOut.path("outcome").asText()).isEqualTo("timed out");
        assertThat(timedOut.path("actor").path("type").asText()).isEqualTo("gate");
        assertThat(timedOut.path("step").asText()).isEqualTo("isolate-blue");
    }

    @Test
    void rejectionsCountOnlyFromApprovers() {
        Map<String, Object> stranger = answer(ALICE_STARTED, "isolate-blue", "mallory", "no", "rejected");
        Map<String, Object> member = answer(ALICE_STARTED, "isolate-blue", "erin", "wrong pod", "rejected");

        assertThat(stranger).containsEntry("accepted", false);
        assertThat(stranger.get("reason").toString()).contains("mallory is not one of the approvers of gate contain");
        assertThat(member).containsEntry("accepted", true).containsEntry("reason", "rejected");
    }

    @Test
    void withoutApproverGroupsOnlyApproversNamedOneByOneCountAndTheRefusalNamesTheSetting() {
        Map<String, Object> result = new ApprovalDecision("P0-02", "destructive", "restore", "carol", "backup from 02:50", "approved")
                .apply(log(), ApproverGroups.of(null), ALICE_STARTED, Clock.systemUTC());

        assertThat(result).containsEntry("accepted", false);
        assertThat(result.get("reason").toString()).isEqualTo("carol is not named among the approvers of gate destructive ([sre-leads, dba]), "
                + "and no group membership is known here: set Manage Jenkins » System » smctl » Approver groups (approverGroups in Configuration as Code)");
    }

    @Test
    void aMemberOfTheGatesGroupCountsAndSomeoneOutsideItDoesNotEvenIfJenkinsLetThemAnswer() {
        // mallory stands for a Jenkins administrator: input's submitter lets administrators answer any gate
        Map<String, Object> admin = new ApprovalDecision("P0-02", "destructive", "restore", "mallory", "looks fine", "approved")
                .apply(log(), GROUPS, ALICE_STARTED, Clock.systemUTC());
        Map<String, Object> dba = new ApprovalDecision("P0-02", "destructive", "restore", "carol", "backup from 02:50", "approved")
                .apply(log(), GROUPS, ALICE_STARTED, Clock.systemUTC());

        assertThat(admin).containsEntry("accepted", false).containsEntry("approvals", 0);
        assertThat(admin.get("reason").toString()).isEqualTo("mallory is not one of the approvers of gate destructive ([sre-leads, dba]); ask one of them");
        assertThat(dba).containsEntry("accepted", true).containsEntry("approvals", 1).containsEntry("needed", 1);
    }

    @Test
    void theShippedConfigurationAsCodeGivesEveryGroupTheGatesNameAtLeastOneMember() throws IOException {
        JsonNode casc;
        try (var in = ApprovalDecisionTest.class.getResourceAsStream("/smctl/jenkins/casc.yaml")) {
            casc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        GroupDirectory shipped = ApproverGroups.of(casc.path("unclassified").path("smctl").path("approverGroups").asText());
        Set<String> members = Set.of("alice", "bob", "carol", "dave", "erin", "frank");
        Set<String> covered = members.stream().flatMap(m -> shipped.groupsOf(m).stream()).collect(Collectors.toSet());

        assertThat(RunbookLoader.all()).flatExtracting(r -> r.gates().values().stream().flatMap(g -> g.approvers().stream()).toList())
                .isNotEmpty().allSatisfy(group -> assertThat(covered).contains(group));
    }

    @Test
    void approverGroupsThatAreNotAMapOfMembersAreRefusedWithTheSettingNamed() {
        assertThatThrownBy(() -> ApproverGroups.of("sre-oncall,sre-leads,dba")).isInstanceOf(InvalidRequest.class)
                .hasMessageStartingWith("the approver groups in Manage Jenkins » System » smctl » Approver groups (approverGroups in Configuration as Code) "
                        + "are not a map from each group to its members (e.g. 'sre-leads: [alice, bob]')");
        assertThatThrownBy(() -> ApproverGroups.of("dba: carol")).isInstanceOf(InvalidRequest.class);
    }

    @Test
    void aDecisionTheDefinitionDoesNotHaveIsRefusedAndNothingIsRecorded() {
        assertThatThrownBy(() -> answer(ALICE_STARTED, "isolate-blue", "dave", "ok", "yes")).isInstanceOf(InvalidRequest.class)
                .hasMessage("'decision' is approved, rejected or timed-out, not \"yes\"");
        assertThatThrownBy(() -> answer(ALICE_STARTED, "isolate-blue", null, "ok", "approved")).hasMessage("the argument 'approver' is required");
        assertThatThrownBy(() -> answer(ALICE_STARTED, "restore", "dave", "ok", "approved")).hasMessageStartingWith(
                "runbook P0-03 has no step \"restore\"; its steps are [capture-logs, isolate-blue, isolate-green, ");
        assertThatThrownBy(() -> answer(ALICE_STARTED, "capture-logs", "dave", "ok", "approved"))
                .hasMessage("step capture-logs of runbook P0-03 has no gate: there is nothing to approve");
        assertThatThrownBy(() -> answer(ALICE_STARTED, "bring-back-blue", "dave", "ok", "approved"))
                .hasMessage("step bring-back-blue of runbook P0-03 is held by gate bring-back, not contain");
        assertThatThrownBy(() -> new ApprovalDecision("P0-02", "contain", "restore", "dave", "ok", "approved")
                .apply(log(), GROUPS, ALICE_STARTED, Clock.systemUTC())).hasMessage("runbook P0-02 has no gate \"contain\"; its gates are [destructive]");
        assertThatThrownBy(() -> new ApprovalDecision("P0-02", "destructive", "health", "dave", "ok", "approved")
                .apply(log(), GROUPS, ALICE_STARTED, Clock.systemUTC())).hasMessage("step health of runbook P0-02 has no gate: there is nothing to approve");
        assertThatThrownBy(() -> new ApprovalDecision("P9-99", "contain", "isolate-blue", "dave", "ok", "approved")
                .apply(log(), GROUPS, ALICE_STARTED, Clock.systemUTC())).hasMessageStartingWith("no runbook \"P9-99\"");
        assertThat(log().file()).doesNotExist();
    }
}
