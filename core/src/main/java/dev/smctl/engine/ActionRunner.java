package dev.smctl.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs an action the same way whoever asks (the command line, a Pipeline step, an alert): lock the target,
 * plan from live state, gate, execute exactly the plan, verify, record. The lock is released and the record
 * written on every path.
 */
public final class ActionRunner {
    /** Conflicts are re-planned this many times; a Deployment that keeps changing under us is someone else's. */
    public static final int CONFLICT_ATTEMPTS = 3;

    private final TargetLock lock;
    private final Recorder recorder;
    private final Gate gate;
    private final Progress progress;

    public ActionRunner(TargetLock lock, Recorder recorder, Gate gate, Progress progress) {
        this.lock = lock;
        this.recorder = recorder;
        this.gate = gate;
        this.progress = progress;
    }

    public <P extends Plan> ActionResult run(Action<P> action, Invocation invocation) {
        Run<P> run = new Run<>(action, invocation);
        try {
            recorder.checkWritable();
            if (invocation.dryRun()) {
                run.dryRun();
            } else {
                run.forReal();
            }
        } catch (InvalidRequest e) {
            run.end(Status.REFUSED, e.getMessage()).invalidRequest = true;
        } catch (Refused e) {
            run.end(Status.REFUSED, e.getMessage());
        } catch (FailedSafely e) {
            run.end(Status.FAILED, e.getMessage());
        } catch (RuntimeException e) {
            run.end(Status.FAILED, run.describeFailure(e));
        }
        ActionResult result = run.result();
        progress.report("record", "%s %s: %s".formatted(action.name(), result.status().label(), result.message()));
        try {
            return result.withAuditRecordId(recorder.record(result, invocation, action.parameters()));
        } catch (RuntimeException e) {
            return result.withMessage(result.message() + "; THE AUDIT RECORD WAS NOT WRITTEN: " + e.getMessage());
        }
    }

    /** The state of one run, filled in as it goes. */
    private final class Run<P extends Plan> {
        private final Action<P> action;
        private final Invocation invocation;
        private final String runId = UUID.randomUUID().toString();
        private final Instant started = Instant.now();
        private P plan;
        private Status status;
        private String message;
        private boolean invalidRequest;
        private boolean changeAttempted;
        private Map<String, Object> after = Map.of();

        Run(Action<P> action, Invocation invocation) {
            this.action = action;
            this.invocation = invocation;
        }

        void dryRun() {
            progress.report("plan", "planning %s of %s (dry run)".formatted(action.name(), action.target()));
            plan = action.plan();
            if (plan.skipReason().isPresent()) {
                end(Status.SKIPPED, "dry run: nothing to do: " + plan.skipReason().get());
            } else {
                end(Status.SUCCEEDED, "dry run: would " + plan.summary() + "; nothing was changed");
            }
        }

        void forReal() {
            progress.report("lock", "locking " + action.target());
            try (TargetLock.Held held = lock.acquire(action.target(), holder(), progress)) {
                progress.report("plan", "planning %s of %s".formatted(action.name(), action.target()));
                plan = action.plan();
                if (plan.skipReason().isPresent()) {
                    end(Status.SKIPPED, "skipped: " + plan.skipReason().get());
                    return;
                }
                progress.report("plan", plan.summary());
                gate.approve(plan, invocation);
                if (!held.stillHeld()) {
                    throw new Refused("the lock on %s was lost before the change (expired or taken over); nothing was changed; run again"
                            .formatted(action.target()));
                }
                executeWithReplan();
                if (status != null) {
                    return;
                }
                progress.report("verify", "verifying " + action.target());
                Verification verification = action.verify(plan, progress);
                Map<String, Object> merged = new LinkedHashMap<>(after);
                merged.putAll(verification.observed());
                after = merged;
                end(verification.passed() ? Status.SUCCEEDED : Status.FAILED, verification.message());
                if (!held.stillHeld()) {
                    message += "; warning: the lock on %s was lost while verifying".formatted(action.target());
                }
            }
        }

        private void executeWithReplan() {
            for (int attempt = 1; ; attempt++) {
                try {
                    progress.report("execute", "changing %s as planned".formatted(action.target()));
                    changeAttempted = true;
                    after = action.execute(plan, progress);
                    return;
                } catch (Conflict e) {
                    if (attempt == CONFLICT_ATTEMPTS) {
                        throw new Refused("%s kept changing while we tried to %s (%d conflicts); nothing was changed; find who else is changing it, then plan again"
                                .formatted(action.target(), action.name(), attempt));
                    }
                    progress.report("plan", "%s changed since it was read; planning again".formatted(action.target()));
                    changeAttempted = false;
                    P fresh = action.plan();
                    if (fresh.skipReason().isPresent()) {
                        end(Status.SKIPPED, "skipped: %s changed concurrently and now %s".formatted(action.target(), fresh.skipReason().get()));
                        return;
                    }
                    if (!fresh.changes().equals(plan.changes())) {
                        throw new Refused("%s changed while we worked, so the approved plan no longer holds; nothing was changed; the new plan would %s; run again to review it"
                                .formatted(action.target(), fresh.summary()));
                    }
                    plan = fresh;
                }
            }
        }

        private String holder() {
            return Names.oneLine("%s via %s, run %s".formatted(invocation.actor(), invocation.via(), runId), 250);
        }

        Run<P> end(Status newStatus, String newMessage) {
            status = newStatus;
            message = newMessage;
            return this;
        }

        String describeFailure(RuntimeException e) {
            String cause = Failures.describe(e);
            if (changeAttempted && plan != null) {
                return "failed while changing %s: %s; the change may have been applied: check the live state, the way back is: %s"
                        .formatted(action.target(), cause, plan.undo());
            }
            return "failed before changing %s: %s".formatted(action.target(), cause);
        }

        ActionResult result() {
            return new ActionResult(runId, action.name(), action.target(), status, invalidRequest, invocation.dryRun(),
                    message, plan == null ? "" : plan.summary(), plan == null ? List.of() : plan.changes(),
                    plan == null ? Map.of() : plan.before(), after, plan == null ? "" : plan.undo(), null, started,
                    Duration.between(started, Instant.now()));
        }
    }
}
