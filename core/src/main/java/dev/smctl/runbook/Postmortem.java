package dev.smctl.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smctl.audit.AuditLog;
import dev.smctl.audit.AuditVerification;
import dev.smctl.audit.AuditVerifier;
import dev.smctl.engine.Durations;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The post-mortem draft runbook.md asks for within 24 hours, in its template's sections, filled from the run's
 * own audit trail: the timeline, the actions with before and after, the durations, the data lost and the RTO.
 * What only people know (root cause, users affected, revenue, owners of action items) is left as blanks to fill.
 */
public final class Postmortem {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Map<String, String> RESPONSE = Map.of("P0", "15 min", "P1", "1 h", "P2", "4 h", "P3", "24 h");
    private static final String BLANK = "_(to fill in)_";

    private Postmortem() {
    }

    /** A draft from every record of the log. */
    public static String draft(Path auditLog) throws IOException {
        return draft(auditLog, null);
    }

    /**
     * @param runId only this runbook run's records (a shared log holds many runs), or {@code null} for all; the
     *              actions of a run name it in their {@code via}
     */
    public static String draft(Path auditLog, String runId) throws IOException {
        return draft(auditLog, runId, null);
    }

    /**
     * A draft from every record of a log that holds one run of a runbook but no runbook-start record: a Jenkins
     * build records its steps and gates, while its Pipeline, not smctl, runs the runbook. The definition then gives
     * the title and the severity.
     *
     * @param runbookId the runbook the log's steps belong to, e.g. {@code P0-02}
     */
    public static String draftFor(Path auditLog, String runbookId) throws IOException {
        return draft(auditLog, null, RunbookLoader.find(runbookId).id());
    }

    private static String draft(Path auditLog, String runId, String ranRunbook) throws IOException {
        AuditVerification chain = AuditVerifier.verify(auditLog);
        List<JsonNode> records = AuditLog.read(auditLog).stream().filter(r -> runId == null || runId.equals(r.path("runId").asText())
                || r.path("via").asText().endsWith("run " + runId)).toList();
        Optional<JsonNode> start = first(records, RunRecords.START);
        Optional<JsonNode> end = first(records, RunRecords.END);
        String runbookId = start.map(r -> r.path("runbook").asText()).orElse(ranRunbook == null ? "" : ranRunbook);
        Optional<Runbook> runbook = RunbookLoader.all().stream().filter(r -> r.id().equals(runbookId)).findFirst();
        String severity = start.map(r -> r.path("severity").asText()).orElse(runbook.map(Runbook::severity).orElse(""));
        Instant began = records.isEmpty() ? Instant.EPOCH : Instant.parse(records.get(0).path("time").asText());
        Instant finished = records.stream().map(Postmortem::endOf).max(Instant::compareTo).orElse(began);
        Duration total = Duration.between(began, finished);

        StringBuilder md = new StringBuilder();
        md.append("# Post-mortem: ").append(runbook.map(r -> r.id() + " " + r.title()).orElse("smctl run")).append(" (DRAFT)\n\n");
        if (!chain.intact()) {
            md.append("> **WARNING: the audit log this draft was built from has been tampered with** (").append(chain.summary())
                    .append("). Records from number ").append(chain.firstBadRecord()).append(" on cannot be trusted.\n\n");
        }
        md.append("| | |\n|---|---|\n");
        md.append("| Date | ").append(TIME.format(began)).append(" UTC |\n");
        md.append("| Duration | ").append(Durations.format(total)).append(" (first to last record of the run) |\n");
        md.append("| Severity | ").append(severity.isEmpty() ? BLANK : severity + " (respond within " + RESPONSE.getOrDefault(severity, "?") + ")").append(" |\n");
        md.append("| Outcome | ").append(end.map(r -> r.path("outcome").asText()).orElse("unfinished: the run has no end record")).append(" |\n");
        md.append("| Impact | users affected ").append(BLANK).append(", revenue ").append(BLANK).append(" |\n\n");

        md.append("## Summary\n\n");
        start.ifPresentOrElse(s -> md.append("Runbook %s (definition version %s) was started by %s via %s: \"%s\". ".formatted(
                        runbookId, s.path("definitionVersion").asText(), who(s.path("actor")), s.path("via").asText(), s.path("reason").asText())),
                () -> md.append(runbookId.isEmpty() ? "No runbook run is recorded in this log; the actions below were run one by one. "
                        : "Runbook %s was run step by step by a pipeline, which records its steps and gates but not the run's start and end. "
                        .formatted(runbookId)));
        end.ifPresent(e -> md.append("It ended ").append(e.path("outcome").asText()).append(": ").append(e.path("message").asText()).append("."));
        md.append("\n\n");

        md.append("## Timeline (UTC)\n\n| time | event |\n|---|---|\n");
        for (JsonNode record : records) {
            Instant at = RunRecords.END.equals(record.path("action").asText()) ? endOf(record) : Instant.parse(record.path("time").asText());
            md.append("| ").append(TIME.format(at)).append(" | ").append(cell(event(record))).append(" |\n");
        }
        md.append("\nAdd what the log cannot know: when the alert fired and who was paged, when the root cause was identified.\n\n");

        md.append("## Root cause\n\n").append(BLANK).append("\n\n");
        List<JsonNode> findings = records.stream().filter(r -> "diagnose".equals(r.path("action").asText())).toList();
        if (!findings.isEmpty()) {
            md.append("What the run's diagnosis found:\n\n");
            findings.forEach(f -> md.append("- ").append(oneLine(f.path("message").asText())).append("\n"));
            md.append("\n");
        }

        md.append("## Resolution\n\n");
        List<JsonNode> actions = records.stream().filter(Postmortem::isAction).toList();
        if (actions.isEmpty()) {
            md.append("No action changed anything.\n\n");
        }
        for (JsonNode action : actions) {
            JsonNode target = action.path("target");
            md.append("- **%s** %s %s/%s: %s (%s, %s)\n".formatted(action.path("action").asText(), target.path("kind").asText(),
                    target.path("namespace").asText(), target.path("name").asText(), oneLine(action.path("plan").path("summary").asText()),
                    action.path("outcome").asText(), Durations.format(Duration.ofMillis(action.path("durationMs").asLong()))));
            for (JsonNode change : action.path("plan").path("changes")) {
                md.append("  - `%s`: %s → %s\n".formatted(change.path("path").asText(), change.path("before"), change.path("after")));
            }
            if (!action.path("undo").asText().isEmpty()) {
                md.append("  - way back: ").append(oneLine(action.path("undo").asText())).append("\n");
            }
        }
        md.append("\n## Impact\n\n");
        md.append("- Time from the first record to the end of the run: ").append(Durations.format(total)).append("\n");
        md.append("- Data lost: ").append(dataLost(records)).append("\n");
        md.append("- RTO: ").append(rto(end)).append("\n");
        md.append("- Users affected: ").append(BLANK).append("; revenue: ").append(BLANK).append("\n\n");

        md.append("## Action items\n\n| item | owner | due |\n|---|---|---|\n");
        md.append("| Fix the root cause | ").append(BLANK).append(" | ").append(BLANK).append(" |\n");
        md.append("| Monitoring: alert earlier on this failure | ").append(BLANK).append(" | ").append(BLANK).append(" |\n");
        md.append("| Runbook update (").append(runbookId.isEmpty() ? "which one?" : runbookId).append(") | ").append(BLANK).append(" | ").append(BLANK).append(" |\n");
        md.append("| Tests that would have caught it | ").append(BLANK).append(" | ").append(BLANK).append(" |\n");
        records.stream().filter(r -> List.of("failed", "refused", "timed out").contains(r.path("outcome").asText()))
                .forEach(r -> md.append("| Look into: ").append(cell(r.path("action").asText() + " " + r.path("outcome").asText() + ": "
                        + r.path("message").asText())).append(" | ").append(BLANK).append(" | ").append(BLANK).append(" |\n"));
        md.append("\n## Lessons learned\n\n- What went well: ").append(BLANK).append("\n- What to improve: ").append(BLANK).append("\n\n");
        md.append("## Follow-up\n\nReview meeting: ").append(BLANK).append(" (blameless; draft within 24 h of resolution, action items tracked to completion).\n\n");
        md.append("_Drafted by smctl from %s (%d records, audit chain %s)._\n".formatted(auditLog.getFileName(), records.size(),
                chain.intact() ? "intact" : "TAMPERED"));
        return md.toString();
    }

    private static Optional<JsonNode> first(List<JsonNode> records, String action) {
        return records.stream().filter(r -> action.equals(r.path("action").asText())).findFirst();
    }

    private static Instant endOf(JsonNode record) {
        return Instant.parse(record.path("time").asText()).plusMillis(record.path("durationMs").asLong());
    }

    private static boolean isAction(JsonNode record) {
        return record.has("plan");
    }

    private static String event(JsonNode record) {
        String action = record.path("action").asText();
        String outcome = record.path("outcome").asText();
        String took = Durations.format(Duration.ofMillis(record.path("durationMs").asLong()));
        return switch (action) {
            case RunRecords.START -> "runbook %s started by %s: %s".formatted(record.path("runbook").asText(), who(record.path("actor")),
                    record.path("reason").asText());
            case RunRecords.STATUS -> "status page: **%s**: %s".formatted(record.path("stage").asText(), record.path("message").asText());
            case RunRecords.END -> "run ended **%s** after %s: %s".formatted(outcome, took, record.path("message").asText());
            case "approval" -> "gate %s for step %s: %s by %s after %s waiting%s".formatted(record.path("gate").asText(), record.path("step").asText(),
                    outcome, who(record.path("actor")), took, record.path("reason").asText().isEmpty() ? "" : ": \"" + record.path("reason").asText() + "\"")
                    + ("refused".equals(outcome) || "timed out".equals(outcome) ? " (" + record.path("message").asText() + ")" : "");
            default -> "%s %s: **%s** in %s: %s".formatted(action, record.path("target").path("name").asText(), outcome, took,
                    record.path("message").asText());
        };
    }

    private static String dataLost(List<JsonNode> records) {
        return records.stream().filter(r -> "db-restore".equals(r.path("action").asText()) && "succeeded".equals(r.path("outcome").asText()))
                .reduce((a, b) -> b).map(restore -> {
                    Instant taken = Instant.parse(restore.path("before").path("backup").path("taken").asText());
                    Instant replaced = endOf(restore);
                    return "writes between the backup %s (taken %s UTC) and the cut-over at %s UTC, %s, are not in the restored database; they remain in %s for recovery"
                            .formatted(restore.path("before").path("backup").path("id").asText(), TIME.format(taken), TIME.format(replaced),
                                    Durations.format(Duration.between(taken, replaced)), restore.path("after").path("keptAs").asText("the damaged copy"));
                }).orElse("none recorded (no database was restored)");
    }

    private static String rto(Optional<JsonNode> end) {
        if (end.isEmpty() || !end.get().has("rtoMs")) {
            return "the runbook sets no RTO";
        }
        JsonNode e = end.get();
        return "%s elapsed against a %s target: %s".formatted(Durations.format(Duration.ofMillis(e.path("elapsedMs").asLong())),
                Durations.format(Duration.ofMillis(e.path("rtoMs").asLong())), e.path("rtoMet").asBoolean() ? "met" : "MISSED");
    }

    private static String who(JsonNode actor) {
        return "alert".equals(actor.path("type").asText())
                ? "alert %s (fingerprint %s)".formatted(actor.path("name").asText(), actor.path("fingerprint").asText())
                : actor.path("name").asText();
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    /** Table cells: a pipe or a newline would break the row; angle brackets are escaped for Markdown renderers that allow HTML. */
    private static String cell(String text) {
        return oneLine(text).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }
}
