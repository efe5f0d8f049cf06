package dev.smctl.cli;

import dev.smctl.approval.ApprovalGate;
import dev.smctl.approval.PreApprovals;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Actor;
import dev.smctl.runbook.Postmortem;
import dev.smctl.runbook.RunbookLoader;
import dev.smctl.runbook.RunbookOutcome;
import dev.smctl.runbook.RunbookPlan;
import dev.smctl.runbook.RunbookRun;
import dev.smctl.runbook.StepActions;
import dev.smctl.runbook.StepEnvironment;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The demo's remediations go through the runbook definitions, as a Jenkins job or {@code smctl runbook run} would:
 * the plan is printed, the gates are answered by a second (demo) person, and the post-mortem is drafted.
 */
final class DemoRunbook {
    /** The demo's approvers: in the groups every gate of the definitions names, and never the requester. */
    static final List<String> APPROVERS = List.of("demo-sre-lead", "demo-security-officer");

    private DemoRunbook() {
    }

    /**
     * @param comments per gate, the comments of its approvals; the i-th comment is given by the i-th demo approver, so
     *                 a gate needing two people gets two different ones
     */
    static RunbookOutcome run(String id, Map<String, String> parameters, StepEnvironment environment, Actor requester, String reason,
                              Map<String, List<String>> comments, AuditLog audit, Path runDir, Timeline timeline, PrintWriter out) throws IOException {
        RunbookPlan plan = RunbookPlan.of(RunbookLoader.find(id), parameters);
        out.println();
        out.print(plan.render());
        out.println();
        List<String> given = new ArrayList<>();
        comments.forEach((gate, texts) -> {
            for (int i = 0; i < texts.size(); i++) {
                given.add("%s=%s:%s".formatted(gate, APPROVERS.get(i % APPROVERS.size()), texts.get(i)));
            }
        });
        RunbookRun run = new RunbookRun(plan, new StepActions(environment),
                new ApprovalGate(audit, user -> APPROVERS.contains(user) ? Set.of("sre-oncall", "sre-leads", "dba", "security-team") : Set.of(),
                        Clock.systemUTC()), new PreApprovals(given, Clock.systemUTC()), audit, Clock.systemUTC(), timeline);
        RunbookOutcome outcome = run.run(requester, reason, "smctl demo");
        Path postmortem = runDir.resolve("postmortem.md");
        Files.writeString(postmortem, Postmortem.draft(audit.file(), outcome.runId()), StandardCharsets.UTF_8);
        RunbookPrinter.print(outcome, audit.file(), postmortem, OutputFormat.TEXT, out);
        return outcome;
    }
}
