package dev.smctl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Change;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Prints an action's result as text for people or as one JSON object for scripts. */
final class ResultPrinter {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ResultPrinter() {
    }

    static void print(ActionResult result, Path auditLog, OutputFormat format, PrintWriter out) {
        if (format == OutputFormat.JSON) {
            out.println(json(result, auditLog).toString());
        } else {
            text(result, auditLog, out);
        }
        out.flush();
    }

    /** A read-only answer (counts, stats): its toString() for people, or one JSON object. */
    static void printAnswer(Object answer, OutputFormat format, PrintWriter out) {
        out.println(format == OutputFormat.JSON ? mapper().valueToTree(answer).toString() : answer);
        out.flush();
    }

    static ObjectNode json(ActionResult result, Path auditLog) {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", result.status().label());
        node.put("exitCode", result.exitCode());
        node.put("action", result.action());
        ObjectNode target = node.putObject("target");
        target.put("kind", result.target().kind());
        target.put("namespace", result.target().namespace());
        target.put("name", result.target().name());
        node.put("message", result.message());
        node.put("dryRun", result.dryRun());
        node.put("summary", result.summary());
        node.set("changes", JSON.valueToTree(result.changes()));
        node.set("before", JSON.valueToTree(result.before()));
        node.set("after", JSON.valueToTree(result.after()));
        node.put("undo", result.undo());
        node.put("auditRecordId", result.auditRecordId());
        node.put("auditLog", auditLog.toString());
        node.put("runId", result.runId());
        node.put("started", result.started().toString());
        node.put("durationMs", result.duration().toMillis());
        return node;
    }

    private static void text(ActionResult result, Path auditLog, PrintWriter out) {
        out.printf("%s %s: %s%n", result.action(), result.target(), result.status().label().toUpperCase(java.util.Locale.ROOT));
        out.printf("  %s%n", result.message());
        if (!result.changes().isEmpty()) {
            out.printf("  %s:%n", result.dryRun() ? "would change" : "changes");
            for (Change change : result.changes()) {
                out.printf("    %s: %s -> %s%n", change.path(), shorten(change.before()), shorten(change.after()));
            }
        }
        if (!result.undo().isEmpty() && !result.dryRun()) {
            out.printf("  way back: %s%n", result.undo());
        }
        out.printf("  audit: %s (record %s)%n", auditLog, result.auditRecordId() == null ? "NOT WRITTEN" : result.auditRecordId());
    }

    private static String shorten(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 160 ? text : text.substring(0, 157) + "...";
    }

    static ObjectMapper mapper() {
        return JSON.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
