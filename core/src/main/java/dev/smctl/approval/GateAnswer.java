package dev.smctl.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Names;
import dev.smctl.engine.Refused;
import dev.smctl.runbook.RunRecords;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The answering side of {@link RemoteApprovals}: finds the gate a run waits at in the shared audit log, records a
 * person's answer there, and reads back the verdict the waiting gate recorded. This side decides nothing: the gate
 * applies its policy (not the requester, not an alert, group membership) with the directory the run was started
 * with, and records every answer whether it counted or not.
 *
 * @param deadline when the gate expires
 */
public record GateAnswer(String runId, String runbook, String step, String gate, String requester, Instant deadline) {
    private static final Set<String> CLOSING = Set.of("timed out", "rejected", "closed");

    /**
     * @throws Refused when no gate of that name waits in that run, with what the log says instead
     */
    public static GateAnswer waitingAt(AuditLog log, String runId, String gate, Clock clock) {
        List<JsonNode> run = records(log).stream().filter(r -> runId.equals(r.path("runId").asText())).toList();
        if (run.isEmpty()) {
            throw new Refused("no run %s in %s; see the run ids 'smctl alerts serve' printed, or pass --audit-log with the log it writes"
                    .formatted(Names.quote(runId), log.file()));
        }
        JsonNode request = run.stream().filter(r -> RemoteApprovals.REQUEST.equals(r.path("action").asText()) && gate.equals(r.path("gate").asText()))
                .reduce((first, second) -> second).orElseThrow(() -> new Refused("run %s does not wait at gate %s%s".formatted(runId, Names.quote(gate),
                        run.stream().filter(r -> RemoteApprovals.REQUEST.equals(r.path("action").asText())).map(r -> r.path("gate").asText())
                                .reduce((a, b) -> b).map(g -> " (its gate is " + g + ")").orElse(" (it has not reached a gate that waits for answers)"))));
        GateAnswer waiting = new GateAnswer(runId, request.path("runbook").asText(), request.path("step").asText(), gate,
                request.path("requester").asText(), Instant.parse(request.path("deadline").asText()));
        for (JsonNode record : run.subList(run.indexOf(request), run.size())) {
            String action = record.path("action").asText();
            if (RunRecords.END.equals(action)) {
                throw new Refused("run %s has ended %s: %s".formatted(runId, record.path("outcome").asText(), record.path("message").asText()));
            }
            if (ApprovalGate.ACTION.equals(action) && waiting.step.equals(record.path("step").asText())
                    && (CLOSING.contains(record.path("outcome").asText()) || record.path("approvals").asInt() >= record.path("needed").asInt(Integer.MAX_VALUE))) {
                throw new Refused("gate %s of run %s is no longer waiting: %s".formatted(gate, runId, record.path("message").asText()));
            }
        }
        if (!clock.instant().isBefore(waiting.deadline)) {
            throw new Refused("gate %s of run %s expired at %s".formatted(gate, runId, waiting.deadline));
        }
        return waiting;
    }

    /**
     * Records one person's answer for the waiting gate to decide.
     *
     * @param account the operating-system account that gave the answer: {@code approver} is the name the person
     *                declares, this is who was logged in, kept beside it for the auditor
     * @return the answer's id, which the verdict names
     */
    public String submit(AuditLog log, String approver, String account, boolean approve, String comment, Clock clock) {
        Actor actor = Actor.user(approver);
        String answerId = UUID.randomUUID().toString();
        ObjectNode record = GateRecords.of(RemoteApprovals.ANSWER, clock.instant(), runId, AuditLog.actor(actor),
                "smctl runbook " + (approve ? "approve" : "reject"), Names.oneLine(comment, 500), runbook, step, gate);
        record.put("answer", approve ? "approve" : "reject");
        record.put("answerId", answerId);
        record.put("account", Names.oneLine(account, 100));
        record.put("outcome", "submitted");
        record.put("message", "%s answers %s at gate %s of run %s".formatted(actor, approve ? "approve" : "reject", gate, runId));
        log.append(record);
        return answerId;
    }

    /**
     * Waits up to {@code wait} for the gate's verdict on one answer: its {@code approval} record (outcome
     * approved, rejected or refused, with the reason).
     */
    public Optional<JsonNode> verdict(AuditLog log, String answerId, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<JsonNode> verdict = records(log).stream().filter(r -> ApprovalGate.ACTION.equals(r.path("action").asText())
                    && runId.equals(r.path("runId").asText()) && (RemoteApprovals.VIA + answerId).equals(r.path("via").asText())).findFirst();
            if (verdict.isPresent() || System.nanoTime() > deadline) {
                return verdict;
            }
            Thread.sleep(200);
        }
    }

    private static List<JsonNode> records(AuditLog log) {
        try {
            return Files.exists(log.file()) ? AuditLog.read(log.file()) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log.file(), e);
        }
    }
}
