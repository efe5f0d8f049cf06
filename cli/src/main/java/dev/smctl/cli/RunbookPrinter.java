package dev.smctl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Durations;
import dev.smctl.runbook.Postmortem;
import dev.smctl.runbook.RunbookOutcome;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A runbook run's result: every step, every status-page post, the outcome, where the records are. */
final class RunbookPrinter {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private RunbookPrinter() {
    }

    /** Drafts the run's post-mortem beside its audit log, from the records the run wrote there. */
    static Path draftPostmortem(AuditLog audit, RunbookOutcome outcome) throws IOException {
        Path postmortem = audit.file().resolveSibling("postmortem-%s-%s.md".formatted(outcome.runbook(), outcome.runId()));
        Files.writeString(postmortem, Postmortem.draft(audit.file(), outcome.runId()), StandardCharsets.UTF_8);
        return postmortem;
    }

    static void print(RunbookOutcome outcome, Path auditLog, Path postmortem, OutputFormat format, PrintWriter out) {
        if (format == OutputFormat.JSON) {
            out.println(json(outcome, auditLog, postmortem).toString());
            out.flush();
            return;
        }
        out.printf("%nRunbook %s, run %s: %s%n  %s%n%nSteps:%n", outcome.runbook(), outcome.runId(), outcome.result().toUpperCase(java.util.Locale.ROOT),
                outcome.message());
        outcome.steps().forEach(s -> out.printf("  %-16s %-18s %-10s %8s  %s%n", s.step(), s.action(), s.status(), Durations.format(s.duration()),
                s.message()));
        out.printf("%nStatus page:%n");
        outcome.statusUpdates().forEach(u -> out.printf("  %s  %-13s %s%s%n", u.at(), u.stage(), u.text(),
                u.nextUpdateBy() == null ? "" : " (next update by %s)".formatted(u.nextUpdateBy())));
        out.printf("%nAudit log:   %s%nPost-mortem: %s (draft)%n", auditLog, postmortem);
        out.flush();
    }

    private static ObjectNode json(RunbookOutcome outcome, Path auditLog, Path postmortem) {
        ObjectNode node = JSON.createObjectNode();
        node.put("runId", outcome.runId());
        node.put("runbook", outcome.runbook());
        node.put("result", outcome.result());
        node.put("message", outcome.message());
        node.put("exitCode", outcome.exitCode());
        node.put("elapsedMs", outcome.elapsed().toMillis());
        if (outcome.rto() != null) {
            node.put("rtoMs", outcome.rto().toMillis());
        }
        var steps = node.putArray("steps");
        outcome.steps().forEach(s -> steps.addObject().put("step", s.step()).put("action", s.action()).put("status", s.status())
                .put("message", s.message()).put("durationMs", s.duration().toMillis()));
        var updates = node.putArray("statusPage");
        outcome.statusUpdates().forEach(u -> updates.addObject().put("stage", u.stage()).put("text", u.text()).put("at", u.at().toString())
                .put("nextUpdateBy", u.nextUpdateBy() == null ? null : u.nextUpdateBy().toString()));
        node.put("auditLog", auditLog.toString());
        node.put("postmortem", postmortem.toString());
        return node;
    }
}
