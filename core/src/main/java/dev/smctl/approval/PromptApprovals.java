package dev.smctl.approval;

import dev.smctl.engine.Names;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Asks at the terminal: who approves, why, yes or no. The questions are answered by a second person at the same
 * keyboard or over a shared session; the gate, not the prompt, decides whether the answer counts. Input is read
 * by one daemon thread so that an unanswered prompt still expires on time.
 */
public final class PromptApprovals implements ApprovalSource {
    private static final String END = "\u0000end";

    private final PrintWriter out;
    private final Clock clock;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    public PromptApprovals(BufferedReader in, PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the terminal went away: no more answers
            }
            lines.add(END);
        }, "smctl-approval-prompt");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public Optional<Decision> next(ApprovalRequest request, Instant deadline) throws InterruptedException {
        out.printf("%nApproval needed: %s step %s: %s%n  gate %s: %s; requested by %s; answer before %s%n",
                request.runbook(), request.step(), request.plan(), request.policy().gate(), request.policy().describe(),
                request.requester(), request.deadline());
        Optional<String> approver = ask("  approver name: ", deadline);
        if (approver.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> comment = ask("  comment: ", deadline);
        if (comment.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> verdict = ask("  approve? [yes/no]: ", deadline);
        if (verdict.isEmpty()) {
            return Optional.empty();
        }
        boolean yes = verdict.get().strip().equalsIgnoreCase("yes") || verdict.get().strip().equalsIgnoreCase("y");
        return Optional.of(new Decision(approver.get().strip(), yes, comment.get().strip(), clock.instant(), "prompt"));
    }

    private Optional<String> ask(String question, Instant deadline) throws InterruptedException {
        out.print(question);
        out.flush();
        long left = Duration.between(clock.instant(), deadline).toMillis();
        String line = left <= 0 ? null : lines.poll(left, TimeUnit.MILLISECONDS);
        if (line != null && line.equals(END)) {
            // Nobody can answer any more; the gate still ends at its expiry, as it would with nobody at the keyboard.
            lines.add(END);
            Thread.sleep(Math.max(0, Duration.between(clock.instant(), deadline).toMillis() + 1));
        }
        if (line == null || line.equals(END)) {
            out.println();
            return Optional.empty();
        }
        return Optional.of(Names.oneLine(line, 500));
    }
}
