package dev.smctl.jenkins.work;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smctl.audit.AuditLog;
import dev.smctl.audit.AuditVerification;
import dev.smctl.audit.AuditVerifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the build's audit page shows: one row per record, and whether the hash chain verifies. Read from the log
 * file each time the page is opened, so an edit made after the build shows up as a broken chain.
 *
 * @param verdict one line: "intact (3 records; last record ...)" or "TAMPERED at record 2: ..."
 */
public record AuditPage(List<Row> rows, boolean intact, String verdict) {
    public AuditPage {
        rows = List.copyOf(rows);
    }

    /**
     * One record as a row.
     *
     * @param change the first changes as {@code path: before → after}, or what the step found for a read-only look
     */
    public record Row(long seq, String time, String actor, String action, String target, String change, String outcome, String message) {
    }

    private static final int CHANGES_SHOWN = 3;

    public static AuditPage read(Path log) {
        if (!Files.exists(log)) {
            return new AuditPage(List.of(), true, "no records: no sm* step has finished in this build yet");
        }
        try {
            AuditVerification verification = AuditVerifier.verify(log);
            List<Row> rows = new ArrayList<>();
            for (JsonNode record : AuditLog.read(log)) {
                rows.add(row(record));
            }
            return new AuditPage(rows, verification.intact(), verification.summary());
        } catch (IOException e) {
            return new AuditPage(List.of(), false, "the audit log cannot be read: " + e.getMessage());
        }
    }

    static Row row(JsonNode record) {
        JsonNode actor = record.path("actor");
        String who = actor.path("type").asText().equals("alert")
                ? "alert %s (%s)".formatted(actor.path("name").asText(), actor.path("fingerprint").asText())
                : actor.path("name").asText();
        JsonNode target = record.path("target");
        return new Row(record.path("seq").asLong(), record.path("time").asText(), who, record.path("action").asText()
                + (record.path("dryRun").asBoolean() ? " (dry run)" : ""),
                "%s %s/%s".formatted(target.path("kind").asText(), target.path("namespace").asText(), target.path("name").asText()),
                change(record), record.path("outcome").asText(), record.path("message").asText());
    }

    private static String change(JsonNode record) {
        JsonNode changes = record.path("plan").path("changes");
        if (changes.isEmpty()) {
            return record.path("after").isEmpty() ? "(no change)" : record.path("after").toString();
        }
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(CHANGES_SHOWN, changes.size()); i++) {
            JsonNode change = changes.get(i);
            shown.add("%s: %s → %s".formatted(change.path("path").asText(), text(change.path("before")), text(change.path("after"))));
        }
        if (changes.size() > CHANGES_SHOWN) {
            shown.add("and %d more".formatted(changes.size() - CHANGES_SHOWN));
        }
        return String.join("; ", shown);
    }

    private static String text(JsonNode value) {
        return value.isNull() || value.isMissingNode() ? "(none)" : value.isTextual() ? value.asText() : value.toString();
    }
}
