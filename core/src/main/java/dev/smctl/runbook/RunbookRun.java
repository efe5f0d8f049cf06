package dev.smctl.runbook;

import dev.smctl.approval.ApprovalGate;
import dev.smctl.approval.ApprovalPolicy;
import dev.smctl.approval.ApprovalRequest;
import dev.smctl.approval.ApprovalSource;
import dev.smctl.approval.GateOutcome;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Durations;
import dev.smctl.engine.Failures;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Names;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs a planned runbook step by step: a gate waits for its approvals before the first step it guards and, once
 * approved, covers the later steps that name it (approvers approve the plan, which lists them); each action goes through the engine
 * (lock, plan, execute, verify, record), the first step that fails or is refused stops the run, and the
 * status page follows the stages. Nothing runs that the plan did not list.
 */
public final class RunbookRun {
    /** The P0-01 scenario value that lets the diagnosis choose. */
    public static final String DECIDED_BY_DIAGNOSIS = "diagnose";
    /** The result of a run stopped from outside at a safe point ({@link RunControl}). */
    public static final String CANCELLED = "cancelled";

    private final RunbookPlan plan;
    private final StepActions actions;
    private final ApprovalGate gate;
    private final ApprovalSource approvals;
    private final AuditLog log;
    private final Clock clock;
    private final Progress progress;
    private final String runId = UUID.randomUUID().toString();

    public RunbookRun(RunbookPlan plan, StepActions actions, ApprovalGate gate, ApprovalSource approvals, AuditLog log, Clock clock,
                      Progress progress) {
        this.plan = plan;
        this.actions = actions;
        this.gate = gate;
        this.approvals = approvals;
        this.log = log;
        this.clock = clock;
        this.progress = progress;
    }

    public String runId() {
        return runId;
    }

    public RunbookOutcome run(Actor requester, String reason, String via) {
        return run(requester, reason, via, RunControl.unattended());
    }

    /**
     * @param control lets another thread stop the run at a safe point (before a gate or a step, or while a gate
     *                waits); the run then ends {@code cancelled}
     */
    public RunbookOutcome run(Actor requester, String reason, String via, RunControl control) {
        log.checkWritable();
        Instant started = clock.instant();
        String runVia = Names.oneLine("%s, runbook %s run %s".formatted(via, plan.runbook().id(), runId), 120);
        RunRecords records = new RunRecords(log, runId, plan, requester, reason, runVia);
        StatusPage statusPage = new StatusPage(plan.runbook(), records, progress);
        Map<String, String> variables = new HashMap<>(plan.parameters());
        List<RunbookOutcome.StepReport> reports = new ArrayList<>();
        records.start(started);
        progress.report("runbook", "%s %s: run %s for %s".formatted(plan.runbook().id(), plan.runbook().title(), runId, requester));
        statusPage.post("Investigating", started);
        String result = "succeeded";
        String message = "every step succeeded";
        String namespace = plan.parameters().getOrDefault("namespace", "default");
        java.util.Set<String> approvedGates = new java.util.HashSet<>();
        for (RunbookPlan.PlannedStep step : plan.steps()) {
            if (step.condition().isPresent() && !step.condition().get().holds(variables)) {
                reports.add(new RunbookOutcome.StepReport(step.id(), step.action(), "skipped", "condition %s does not hold".formatted(step.condition().get()),
                        Duration.ZERO));
                progress.report("step", "%s skipped: %s does not hold".formatted(step.id(), step.condition().get()));
                continue;
            }
            if (step.gate().isPresent() && approvedGates.contains(step.gate().get().gate())) {
                progress.report("gate", "step %s runs under gate %s, approved earlier in this run".formatted(step.id(), step.gate().get().gate()));
            } else if (step.gate().isPresent()) {
                Optional<String> stop = control.enterGate(step.gate().get().gate());
                GateOutcome approval = stop.isPresent()
                        ? new GateOutcome(GateOutcome.Result.CLOSED, List.of(), "%s before gate %s; nothing after it ran".formatted(stop.get(), step.gate().get().gate()))
                        : approve(step, step.gate().get(), requester);
                if (approval.result() != GateOutcome.Result.APPROVED) {
                    result = switch (approval.result()) {
                        case TIMED_OUT -> "timed out";
                        case CLOSED -> CANCELLED;
                        default -> "refused";
                    };
                    message = "step %s: %s".formatted(step.id(), approval.message());
                    reports.add(new RunbookOutcome.StepReport(step.id(), step.action(), result, approval.message(), Duration.ZERO));
                    break;
                }
                approvedGates.add(step.gate().get().gate());
            }
            Optional<String> stop = control.enterStep(step.id());
            if (stop.isPresent()) {
                result = CANCELLED;
                message = "%s before step %s; nothing after it ran".formatted(stop.get(), step.id());
                reports.add(new RunbookOutcome.StepReport(step.id(), step.action(), result, message, Duration.ZERO));
                break;
            }
            if (!StepActions.READ_ONLY.contains(step.action())) {
                statusPage.post("Identified", clock.instant());
            }
            Instant stepStart = clock.instant();
            progress.report("step", "%d. %s (%s) %s".formatted(step.number(), step.id(), step.action(), step.arguments()));
            StepOutcome outcome = runStep(namespace, step, requester, reason, runVia);
            Duration took = Duration.between(stepStart, clock.instant());
            if (outcome.auditRecordId() == null) {
                records.check(step.id(), step.action(), stepStart, took, outcome);
            }
            reports.add(new RunbookOutcome.StepReport(step.id(), step.action(), outcome.status().label(), outcome.message(), took));
            progress.report("step", "%s %s: %s".formatted(step.id(), outcome.status().label(), outcome.message()));
            outcome.outputs().forEach((name, value) -> {
                if (DECIDED_BY_DIAGNOSIS.equals(variables.get(name))) {
                    variables.put(name, value);
                }
            });
            if (outcome.stopsTheRun()) {
                result = outcome.status().label();
                message = "step %s %s: %s".formatted(step.id(), outcome.status().label(), outcome.message());
                break;
            }
            if (isLastChange(step, variables)) {
                statusPage.post("Monitoring", clock.instant());
            }
        }
        Duration elapsed = Duration.between(started, clock.instant());
        Duration rto = plan.runbook().rto() == null ? null : Durations.parse(plan.runbook().rto());
        if (result.equals("succeeded")) {
            statusPage.post("Resolved", clock.instant());
        }
        if (rto != null) {
            message += "; %s elapsed against the %s RTO (%s)".formatted(Durations.format(elapsed), Durations.format(rto),
                    elapsed.compareTo(rto) <= 0 ? "met" : "MISSED");
        }
        RunbookOutcome outcome = new RunbookOutcome(runId, plan.runbook().id(), result, message, reports, statusPage.updates(), elapsed, rto);
        records.end(started, outcome);
        progress.report("runbook", "%s %s: %s".formatted(plan.runbook().id(), result, message));
        return outcome;
    }

    private GateOutcome approve(RunbookPlan.PlannedStep step, ApprovalPolicy policy, Actor requester) {
        Instant opened = clock.instant();
        ApprovalRequest request = new ApprovalRequest(runId, plan.runbook().id(), step.id(), policy, requester,
                "%s %s %s".formatted(step.action(), step.arguments(), step.condition().map(c -> "(" + c + ")").orElse("")).strip(),
                opened, opened.plus(policy.expires()));
        progress.report("gate", "step %s waits for gate %s: %s, until %s".formatted(step.id(), policy.gate(), policy.describe(), request.deadline()));
        try {
            GateOutcome outcome = gate.await(request, approvals);
            progress.report("gate", outcome.message());
            return outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new GateOutcome(GateOutcome.Result.REJECTED, List.of(), "the run was interrupted while waiting for gate " + policy.gate());
        }
    }

    private StepOutcome runStep(String namespace, RunbookPlan.PlannedStep step, Actor requester, String reason, String via) {
        Invocation invocation = new Invocation(requester, "%s step %s: %s".formatted(plan.runbook().id(), step.id(), reason), via, false);
        try {
            return actions.run(namespace, step, invocation, progress);
        } catch (InvalidRequest e) {
            return new StepOutcome(Status.REFUSED, e.getMessage(), null, Map.of());
        } catch (RuntimeException e) {
            return new StepOutcome(Status.FAILED, Failures.describe(e), null, Map.of());
        }
    }

    /**
     * After the last step that changes something, the fix is in: the status page moves to Monitoring. Later
     * changing steps whose condition no longer holds (the other P0-01 scenarios) do not count.
     */
    private boolean isLastChange(RunbookPlan.PlannedStep step, Map<String, String> variables) {
        if (StepActions.READ_ONLY.contains(step.action())) {
            return false;
        }
        return plan.steps().subList(plan.steps().indexOf(step) + 1, plan.steps().size()).stream()
                .noneMatch(s -> !StepActions.READ_ONLY.contains(s.action()) && s.condition().map(c -> c.holds(variables)).orElse(true));
    }
}
