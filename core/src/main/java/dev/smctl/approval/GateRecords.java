package dev.smctl.approval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Redaction;

import java.time.Instant;

/** The shape every record about one gate of one run shares, so the gate, a waiting source and an answer read alike. */
final class GateRecords {
    private GateRecords() {
    }

    /**
     * @param actor  who the record is about ({@link AuditLog#actor}, or the gate itself)
     * @param reason free text from a person: redacted
     */
    static ObjectNode of(String action, Instant time, String runId, ObjectNode actor, String via, String reason, String runbook, String step,
                         String gate) {
        ObjectNode record = AuditLog.newRecord();
        record.put("time", time.toString());
        record.put("durationMs", 0);
        record.put("runId", runId);
        record.set("actor", actor);
        record.put("via", via);
        record.put("reason", Redaction.text(reason));
        record.put("action", action);
        ObjectNode target = record.putObject("target");
        target.put("kind", "runbook-step");
        target.put("namespace", "");
        target.put("name", runbook + "/" + step);
        record.put("runbook", runbook);
        record.put("step", step);
        record.put("gate", gate);
        return record;
    }
}
