package dev.smctl.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Redaction;
import dev.smctl.engine.Sha256;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every decision about an alert, and every refused notification, as a record in the hash-chained audit log, with
 * the alert as the actor (never SYSTEM). Records have the fields {@code smctl report} reads from action records
 * ({@code action} is {@code alert-decision} or {@code alert-notification}) plus the alert itself.
 */
final class DecisionAudit {
    private final AuditLog log;
    private final String via;
    private final Clock clock;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    DecisionAudit(AuditLog log, String via, Clock clock) {
        this.log = log;
        this.via = via;
        this.clock = clock;
    }

    /** @throws dev.smctl.engine.Refused when the log cannot take records (then nothing is decided) */
    void checkWritable() {
        log.checkWritable();
    }

    /** @throws AuditFailure when the record cannot be appended */
    void decided(Decision decision) {
        AlertCause cause = decision.cause();
        ObjectNode record = start(cause.actor(), decision.correlationId(), "alert-decision");
        record.put("reason", cause.shortDescription());
        ObjectNode target = record.putObject("target");
        target.put("kind", "runbook");
        target.put("namespace", decision.parameters().getOrDefault("namespace", ""));
        target.put("name", decision.runbook() == null ? "" : decision.runbook());
        ObjectNode parameters = record.putObject("parameters");
        Redaction.parameters(decision.parameters()).forEach(parameters::put);
        record.put("outcome", decision.outcome().label());
        record.put("message", Redaction.text(decision.reason()));
        record.put("route", decision.route());
        record.put("gated", decision.gated());
        record.put("relatesTo", decision.relatesTo());
        ObjectNode alert = record.putObject("alert");
        alert.put("status", decision.status().label());
        alert.put("alertname", cause.alertname());
        alert.put("fingerprint", cause.fingerprint());
        alert.put("fingerprintComputed", cause.fingerprintComputed());
        alert.put("startsAt", cause.startsAt().toString());
        alert.put("generatorURL", Redaction.text(cause.generatorUrl()));
        alert.put("externalURL", Redaction.text(cause.externalUrl()));
        alert.put("groupKey", cause.groupKey());
        alert.put("receiver", cause.receiver());
        alert.put("notificationReason", cause.notificationReason());
        append(record);
    }

    /**
     * A notification refused in whole. Its actor is the notification, named by the SHA-256 of its body (no alert
     * in it could be trusted); the body itself is not recorded.
     */
    /** @throws AuditFailure when the record cannot be appended */
    void refused(byte[] body, int status, String message) {
        String digest = Sha256.hex(body == null ? new byte[0] : body);
        ObjectNode record = start(Actor.alert("invalid-notification", digest.substring(0, 16)), "am-" + digest.substring(0, 32), "alert-notification");
        record.put("reason", "Alertmanager notification refused with HTTP " + status);
        record.put("outcome", "refused");
        record.put("invalidRequest", true);
        record.put("message", Redaction.text(message));
        record.put("bodySha256", digest);
        append(record);
    }

    /**
     * Appends and returns once the record is on disk. Requests that arrive while a write is running queue up and
     * go to disk together in the next one (a group commit): one fsync for many concurrent decisions, and still no
     * answer before its record is durable.
     */
    private void append(ObjectNode record) {
        Pending mine = new Pending(record);
        queue.add(mine);
        writer.lock();
        try {
            if (!mine.written.isDone()) {
                List<Pending> batch = new ArrayList<>();
                queue.drainTo(batch);
                try {
                    log.append(batch.stream().map(Pending::record).toList());
                    batch.forEach(pending -> pending.written.complete(null));
                } catch (RuntimeException e) {
                    batch.forEach(pending -> pending.written.completeExceptionally(e));
                }
            }
        } finally {
            writer.unlock();
        }
        try {
            mine.written.join();
        } catch (CompletionException e) {
            throw new AuditFailure((RuntimeException) e.getCause());
        }
    }

    /** A record waiting for the next write. */
    private record Pending(ObjectNode record, CompletableFuture<Void> written) {
        Pending(ObjectNode record) {
            this(record, new CompletableFuture<>());
        }
    }

    /** The audit log refused a record (disk full, head file out of step): the receiver answers 503. */
    static final class AuditFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AuditFailure(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private ObjectNode start(Actor actor, String runId, String action) {
        ObjectNode record = AuditLog.newRecord();
        record.put("time", clock.instant().toString());
        record.put("durationMs", 0);
        record.put("runId", runId);
        record.set("actor", AuditLog.actor(actor));
        record.put("via", via);
        record.put("action", action);
        record.put("dryRun", false);
        return record;
    }
}
