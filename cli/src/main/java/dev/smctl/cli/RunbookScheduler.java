package dev.smctl.cli;

import dev.smctl.alerts.AlertCause;
import dev.smctl.alerts.RemediationRequest;
import dev.smctl.alerts.RemediationScheduler;
import dev.smctl.approval.ApprovalGate;
import dev.smctl.approval.RemoteApprovals;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Durations;
import dev.smctl.engine.Failures;
import dev.smctl.engine.ProgressEvent;
import dev.smctl.engine.Unavailable;
import dev.smctl.runbook.RunControl;
import dev.smctl.runbook.RunbookLoader;
import dev.smctl.runbook.RunbookOutcome;
import dev.smctl.runbook.RunbookPlan;
import dev.smctl.runbook.RunbookRun;
import dev.smctl.runbook.StepActions;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the runbook of each alert {@code smctl alerts serve} accepts, with the engine {@code smctl runbook run}
 * uses, on a small pool of its own threads: never on the receiver's, which answers Alertmanager at once. At most
 * {@code maxRuns} runs at a time, then at most {@code maxQueued} waiting in order; past that a new incident is
 * refused as {@link Unavailable}, the receiver answers 503 and Alertmanager retries it. The alert is each run's
 * requester and audit actor; its gates wait for answers from {@code smctl runbook approve} in another shell.
 */
final class RunbookScheduler implements RemediationScheduler {
    static final String VIA = "smctl alerts serve";

    private final StepActions actions;
    private final ApprovalGate gate;
    private final AuditLog audit;
    private final Duration answerPoll;
    private final Clock clock;
    private final PrintWriter err;
    private final ThreadPoolExecutor pool;
    private final int maxRuns;
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private boolean stopping;

    /** One incident's run, from the queue to its end. */
    private final class Run implements Runnable {
        final RemediationRequest request;
        final RunbookRun run;
        final RunControl control = new RunControl();

        Run(RemediationRequest request, RunbookPlan plan) {
            this.request = request;
            this.run = new RunbookRun(plan, actions, gate, new RemoteApprovals(audit, control, answerPoll, VIA, clock), audit, clock, this::report);
        }

        private void report(ProgressEvent event) {
            say("[%s run %s] %s", request.runbook(), run.runId(), event.message());
        }

        @Override
        public void run() {
            try {
                if (control.start().isPresent()) {
                    return;
                }
                RunbookOutcome outcome = run.run(request.actor(), request.cause().shortDescription(), VIA, control);
                control.end(outcome.result());
                say("run %s (%s for %s) ended %s: %s; post-mortem draft %s", run.runId(), request.runbook(), request.cause(),
                        outcome.result(), outcome.message(), postmortem(outcome));
            } catch (RuntimeException e) {
                control.end("failed");
                say("run %s (%s for %s) failed: %s", run.runId(), request.runbook(), request.cause(), Failures.describe(e));
            } finally {
                ended(this);
            }
        }

        private String postmortem(RunbookOutcome outcome) {
            try {
                return RunbookPrinter.draftPostmortem(audit, outcome).toString();
            } catch (IOException | RuntimeException e) {
                return "not written (%s)".formatted(Failures.describe(e));
            }
        }

        @Override
        public String toString() {
            return "run %s (%s for %s): %s".formatted(run.runId(), request.runbook(), request.cause(), control.describe());
        }
    }

    /**
     * @param answerPoll how often a waiting gate reads the audit log for answers
     */
    RunbookScheduler(StepActions actions, ApprovalGate gate, AuditLog audit, int maxRuns, int maxQueued, Duration answerPoll, Clock clock,
                     PrintWriter err) {
        this.actions = actions;
        this.gate = gate;
        this.audit = audit;
        this.maxRuns = maxRuns;
        this.answerPoll = answerPoll;
        this.clock = clock;
        this.err = err;
        this.pool = new ThreadPoolExecutor(maxRuns, maxRuns, 0, TimeUnit.MILLISECONDS, maxQueued == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(maxQueued), runnable -> {
            Thread thread = new Thread(runnable, "smctl-runbook-run");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public synchronized String schedule(RemediationRequest request) {
        Run known = runs.get(request.correlationId());
        if (known != null) {
            return "already started here: " + known;
        }
        if (stopping) {
            throw new Unavailable("smctl alerts serve is stopping and starts no more runs; Alertmanager will retry", null);
        }
        RunbookPlan plan = RunbookPlan.of(RunbookLoader.find(request.runbook()), request.parameters());
        Run run = new Run(request, request.gated() ? plan.gatedFromTheStart() : plan);
        boolean queued = pool.getActiveCount() >= maxRuns;
        try {
            pool.execute(run);
        } catch (RejectedExecutionException e) {
            throw new Unavailable("all %d run slots are busy and %d runs are queued (--max-runs, --max-queued); nothing started, Alertmanager will retry"
                    .formatted(maxRuns, pool.getQueue().size()), null);
        }
        runs.put(request.correlationId(), run);
        String reference = "run %s of %s in smctl alerts serve (%s)".formatted(run.run.runId(), request.runbook(), queued ? "queued" : "started");
        say("%s: %s%s", request.cause().shortDescription(), reference, request.gated() ? ", behind an approval" : "");
        return reference;
    }

    @Override
    public synchronized String cancelWaiting(String correlationId, AlertCause cause) {
        Run run = runs.get(correlationId);
        if (run == null) {
            String none = "no live run of this incident here: it has ended, or was started before smctl alerts serve "
                    + "restarted; nothing to cancel";
            say("alert %s resolved: %s", cause.alertname(), none);
            return none;
        }
        boolean stopped = run.control.stopIfWaiting("alert %s resolved at %s".formatted(cause.alertname(), clock.instant()));
        if (stopped && pool.remove(run)) {
            ended(run);
        }
        say("alert %s resolved: %s%s", cause.alertname(), run, stopped ? "" : "; left to finish");
        return stopped ? RemediationScheduler.CANCELLED : RemediationScheduler.LEFT_TO_FINISH;
    }

    /**
     * Stops taking runs, stops each one at its next safe point (queued runs never start, waiting gates close, a
     * running step finishes), waits up to {@code grace} for them, and says where each was left.
     */
    void stop(Duration grace) {
        List<Run> all;
        synchronized (this) {
            stopping = true;
            all = new ArrayList<>(runs.values());
        }
        String reason = "smctl alerts serve stopped at %s".formatted(clock.instant());
        all.forEach(run -> run.control.stop(reason));
        pool.shutdown();
        try {
            if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                say("runs still inside a step after %s are cut off when smctl exits: check their targets", Durations.format(grace));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        all.forEach(run -> say("%s", run));
    }

    /**
     * An ended run is forgotten, so a receiver that runs for months holds only live runs: a repeat of its incident
     * is still a duplicate in the cluster's records, which are what deduplicates.
     */
    private synchronized void ended(Run run) {
        runs.remove(run.request.correlationId(), run);
    }

    private void say(String format, Object... arguments) {
        synchronized (err) {
            err.printf("[alerts] " + format + "%n", arguments);
            err.flush();
        }
    }
}
