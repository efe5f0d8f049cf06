package dev.smctl.runbook;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a run stands, for another thread that may stop it: a resolved alert, a receiver shutting down. A run
 * stops only at a safe point (before it starts, while a gate waits, between steps); a step that is changing
 * something always finishes. Thread-safe.
 */
public final class RunControl {
    private enum Stage { QUEUED, WAITING, RUNNING, ENDED }

    private Stage stage = Stage.QUEUED;
    private String where = "queued";
    private String stop;

    /** A control nobody stops: a run started by a person at a terminal. */
    public static RunControl unattended() {
        return new RunControl();
    }

    /**
     * Stops the run if it has not started yet or waits at a gate; a run inside a step is left alone.
     *
     * @param reason recorded as why nothing after this point ran
     * @return whether the run was stopped
     */
    public synchronized boolean stopIfWaiting(String reason) {
        if (stop == null && (stage == Stage.QUEUED || stage == Stage.WAITING)) {
            stop = reason;
            notifyAll();
            return true;
        }
        return false;
    }

    /** Stops the run at its next safe point, whatever it is doing now (the receiver is stopping). */
    public synchronized void stop(String reason) {
        if (stop == null && stage != Stage.ENDED) {
            stop = reason;
            notifyAll();
        }
    }

    /** The run leaves the queue; empty, or why it must not start. */
    public synchronized Optional<String> start() {
        return enter(Stage.RUNNING, "started");
    }

    /** The run is about to wait at a gate; empty, or why it must stop instead. */
    synchronized Optional<String> enterGate(String gate) {
        return enter(Stage.WAITING, "waiting at gate " + gate);
    }

    /** The run is about to start a step; empty, or why it must stop instead. */
    synchronized Optional<String> enterStep(String step) {
        return enter(Stage.RUNNING, "running step " + step);
    }

    public synchronized void end(String result) {
        stage = Stage.ENDED;
        where = "ended " + result;
    }

    /**
     * Waits at most {@code max} for a stop (a gate polling for answers sleeps here, so a stop wakes it at once).
     *
     * @return why the run must stop, or empty
     */
    public synchronized Optional<String> awaitStop(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        for (long left = max.toNanos(); stop == null && left > 0; left = deadline - System.nanoTime()) {
            wait(Math.max(1, left / 1_000_000));
        }
        return Optional.ofNullable(stop);
    }

    /** For the operator: queued, waiting at gate G, running step S, ended R, cancelled before it started. */
    public synchronized String describe() {
        return stage == Stage.QUEUED && stop != null ? "cancelled before it started (%s)".formatted(stop) : where;
    }

    private Optional<String> enter(Stage next, String description) {
        if (stop != null) {
            return Optional.of(stop);
        }
        stage = next;
        where = description;
        return Optional.empty();
    }
}
