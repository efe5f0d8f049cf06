package dev.smctl.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.smctl.audit.AuditLog;
import dev.smctl.runbook.RunControl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Answers given from another shell with {@code smctl runbook approve|reject} ({@link GateAnswer}), for a run
 * nobody watches at a terminal ({@code smctl alerts serve}). When a gate starts waiting it records an
 * {@value #REQUEST} record naming the run and the gate; answers arrive as {@value #ANSWER} records in the same
 * audit log, which this source reads every {@code pollEvery}, only the bytes added since it last looked. The gate
 * applies its policy to each answer and records the verdict, which the answering shell reads back. A stop of the
 * run ({@link RunControl}) closes the gate at once.
 */
public final class RemoteApprovals implements ApprovalSource {
    public static final String REQUEST = "approval-request";
    public static final String ANSWER = "approval-answer";
    /** How a verdict names the answer it decided, so the answering shell finds it. */
    static final String VIA = "smctl runbook approve, answer ";

    private final AuditLog log;
    private final RunControl control;
    private final Duration pollEvery;
    private final String via;
    private final Clock clock;
    private final Map<String, Long> readFrom = new HashMap<>();
    private final Deque<Decision> unread = new ArrayDeque<>();

    /** @param via names the waiting process in the request record ({@code smctl alerts serve}) */
    public RemoteApprovals(AuditLog log, RunControl control, Duration pollEvery, String via, Clock clock) {
        this.log = log;
        this.control = control;
        this.pollEvery = pollEvery;
        this.via = via;
        this.clock = clock;
    }

    @Override
    public Optional<Decision> next(ApprovalRequest request, Instant deadline) throws InterruptedException {
        if (!readFrom.containsKey(request.step())) {
            // Answers can only follow the request record, so reading from just before it misses none.
            readFrom.put(request.step(), size());
            log.append(requestRecord(request));
        }
        while (true) {
            readNewAnswers(request);
            if (!unread.isEmpty()) {
                return Optional.of(unread.poll());
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return Optional.empty();
            }
            Optional<String> stop = control.awaitStop(left.compareTo(pollEvery) < 0 ? left : pollEvery);
            if (stop.isPresent()) {
                throw new GateClosed(stop.get());
            }
        }
    }

    private ObjectNode requestRecord(ApprovalRequest request) {
        ObjectNode record = GateRecords.of(REQUEST, request.opened(), request.runId(), AuditLog.actor(request.requester()), via, "",
                request.runbook(), request.step(), request.policy().gate());
        record.put("policy", request.policy().describe());
        record.put("requester", request.requester().toString());
        record.put("deadline", request.deadline().toString());
        record.put("needed", request.policy().minApprovals());
        record.put("outcome", "waiting");
        record.put("message", "step %s waits for gate %s (%s) until %s; answer with 'smctl runbook approve %s %s --as NAME --comment TEXT' (or reject)"
                .formatted(request.step(), request.policy().gate(), request.policy().describe(), request.deadline(), request.runId(), request.policy().gate()));
        return record;
    }

    /** Reads the complete lines added since the last look and queues the answers to this request. */
    private void readNewAnswers(ApprovalRequest request) {
        long from = readFrom.get(request.step());
        try (FileChannel channel = FileChannel.open(log.file(), StandardOpenOption.READ)) {
            long size = channel.size();
            if (size <= from) {
                return;
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(size - from, 16L << 20));
            while (bytes.hasRemaining() && channel.read(bytes, from + bytes.position()) > 0) {
                // read up to the size seen above
            }
            String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
            int complete = text.lastIndexOf('\n') + 1;
            for (String line : text.substring(0, complete).split("\n")) {
                if (!line.isEmpty()) {
                    answer(AuditLog.parse(line), request).ifPresent(unread::add);
                }
            }
            readFrom.put(request.step(), from + text.substring(0, complete).getBytes(StandardCharsets.UTF_8).length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read answers for gate %s from %s".formatted(request.policy().gate(), log.file()), e);
        }
    }

    private static Optional<Decision> answer(JsonNode record, ApprovalRequest request) {
        if (!ANSWER.equals(record.path("action").asText()) || !request.runId().equals(record.path("runId").asText())
                || !request.step().equals(record.path("step").asText())) {
            return Optional.empty();
        }
        return Optional.of(new Decision(record.path("actor").path("name").asText(), "approve".equals(record.path("answer").asText()),
                record.path("reason").asText(), Instant.parse(record.path("time").asText()), VIA + record.path("answerId").asText()));
    }

    private long size() {
        try {
            return Files.exists(log.file()) ? Files.size(log.file()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log.file(), e);
        }
    }
}
