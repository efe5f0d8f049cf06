package dev.smctl.jenkins.work;

import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Change;
import dev.smctl.engine.Status;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a step returns to the Pipeline (docs/pipeline-steps.md, "Result"): {@code status}, {@code message},
 * {@code exitCode}, {@code auditRecordId}, {@code summary}, {@code changes} and the step's own keys, all simple
 * values. {@link #failed()} says whether the step fails the build (unless {@code failOnError: false}).
 */
public record StepOutcome(LinkedHashMap<String, Object> values, boolean failed, String message) implements Serializable {

    /** The outcome of an engine run, plus the step's own keys. */
    public static StepOutcome of(ActionResult result, Map<String, Object> extra) {
        LinkedHashMap<String, Object> values = base(result.status(), result.exitCode(), result.message(),
                result.auditRecordId() == null ? "" : result.auditRecordId());
        values.put("summary", result.summary());
        List<String> changes = new ArrayList<>();
        for (Change change : result.changes()) {
            changes.add("%s: %s -> %s".formatted(change.path(), change.before(), change.after()));
        }
        values.put("changes", changes);
        values.put("action", result.action());
        values.put("target", result.target().toString());
        values.put("dryRun", result.dryRun());
        values.put("undo", result.undo());
        values.put("before", SimpleValues.mapOf(result.before()));
        values.put("after", SimpleValues.mapOf(result.after()));
        values.putAll(SimpleValues.mapOf(extra));
        boolean failed = result.status() == Status.REFUSED || result.status() == Status.FAILED;
        return new StepOutcome(values, failed, result.message());
    }

    /**
     * A step that never reached the engine: a bad argument or credentials ID (exit code 2), or a system that did not
     * answer (1). Nothing was changed and nothing was recorded.
     */
    public static StepOutcome notStarted(Status status, int exitCode, String message) {
        LinkedHashMap<String, Object> values = base(status, exitCode, message, "");
        values.put("summary", "");
        values.put("changes", new ArrayList<String>());
        return new StepOutcome(values, true, message);
    }

    private static LinkedHashMap<String, Object> base(Status status, int exitCode, String message, String auditRecordId) {
        LinkedHashMap<String, Object> values = new LinkedHashMap<>();
        values.put("status", status.label());
        values.put("message", message);
        values.put("exitCode", exitCode);
        values.put("auditRecordId", auditRecordId);
        return values;
    }

    public String auditRecordId() {
        return String.valueOf(values.get("auditRecordId"));
    }

    public StepOutcome withAuditRecordId(String id) {
        LinkedHashMap<String, Object> copy = new LinkedHashMap<>(values);
        copy.put("auditRecordId", id);
        return new StepOutcome(copy, failed, message);
    }

    @SuppressWarnings("unchecked")
    StepOutcome masked(MaskedLog log) {
        return new StepOutcome(new LinkedHashMap<>((Map<String, Object>) log.mask(values)), failed, log.mask(message));
    }
}
