package dev.smctl.runbook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Redaction;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The records a runbook run adds around its actions' own: its start (who asked, with which parameters), its
 * read-only checks, its status-page posts, its end. Together they are the timeline the post-mortem is drawn from.
 */
public final class RunRecords {
    public static final String START = "runbook-start";
    static final String CHECK = "runbook-check";
    public static final String STATUS = "status-page";
    public static final String END = "runbook-end";

    private final AuditLog log;
    private final String runId;
    private final RunbookPlan plan;
    private final Actor requester;
    private final String reason;
    private final String via;

    RunRecords(AuditLog log, String runId, RunbookPlan plan, Actor requester, String reason, String via) {
        this.log = log;
        this.runId = runId;
        this.plan = plan;
        this.requester = requester;
        this.reason = reason;
        this.via = via;
    }

    /** Records about the run itself (start, status page, end), as opposed to its steps and gates. */
    public static boolean aboutTheRun(com.fasterxml.jackson.databind.JsonNode record) {
        String action = record.path("action").asText();
        return action.equals(START) || action.equals(STATUS) || action.equals(END);
    }

    void start(Instant at) {
        ObjectNode record = base(START, at, Duration.ZERO, "started", "%s %s started".formatted(plan.runbook().id(), plan.runbook().title()));
        record.put("definitionVersion", plan.runbook().version());
        record.put("severity", plan.runbook().severity());
        if (plan.runbook().rto() != null) {
            record.put("rto", plan.runbook().rto());
        }
        ObjectNode parameters = record.putObject("parameters");
        Redaction.parameters(plan.parameters()).forEach(parameters::put);
        log.append(record);
    }

    void check(String step, String action, Instant at, Duration took, StepOutcome outcome) {
        ObjectNode record = base(action, at, took, outcome.status().label(), outcome.message());
        record.put("step", step);
        record.put("kind", CHECK);
        outcome.outputs().forEach((k, v) -> record.with("outputs").put(k, v));
        log.append(record);
    }

    void status(StatusUpdate update) {
        ObjectNode record = base(STATUS, update.at(), Duration.ZERO, update.stage().toLowerCase(Locale.ROOT), update.text());
        record.put("stage", update.stage());
        if (update.nextUpdateBy() != null) {
            record.put("nextUpdateBy", update.nextUpdateBy().toString());
        }
        log.append(record);
    }

    void end(Instant started, RunbookOutcome outcome) {
        ObjectNode record = base(END, started, outcome.elapsed(), outcome.result(), outcome.message());
        record.put("elapsedMs", outcome.elapsed().toMillis());
        if (outcome.rto() != null) {
            record.put("rtoMs", outcome.rto().toMillis());
            record.put("rtoMet", outcome.elapsed().compareTo(outcome.rto()) <= 0);
        }
        log.append(record);
    }

    private ObjectNode base(String action, Instant at, Duration took, String outcome, String message) {
        return runRecord(new RunOf(runId, plan.runbook().id(), plan.parameters().getOrDefault("namespace", ""), requester, via, reason), action, at,
                took, outcome, message);
    }

    /** Which run a record is about, and who asked for it through what. */
    public record RunOf(String runId, String runbook, String namespace, Actor requester, String via, String reason) {
    }

    /**
     * A record about the run itself, in the one shape the post-mortem and the report read: for a run that ends
     * outside {@link RunbookRun} too (a Jenkins build whose alert resolved before it changed anything).
     */
    public static ObjectNode runRecord(RunOf run, String action, Instant at, Duration took, String outcome, String message) {
        ObjectNode record = AuditLog.newRecord();
        record.put("time", at.toString());
        record.put("durationMs", took.toMillis());
        record.put("runId", run.runId());
        record.set("actor", AuditLog.actor(run.requester()));
        record.put("via", run.via());
        record.put("reason", Redaction.text(run.reason()));
        record.put("action", action);
        ObjectNode target = record.putObject("target");
        target.put("kind", "runbook");
        target.put("namespace", run.namespace());
        target.put("name", run.runbook());
        record.put("runbook", run.runbook());
        record.put("outcome", outcome);
        record.put("message", Redaction.text(message));
        return record;
    }
}
