package dev.smctl.runbook;

import dev.smctl.approval.ApprovalPolicy;
import dev.smctl.engine.InvalidRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A runbook with its parameters filled in: the exact steps, arguments and gates a run will go through. Computed
 * without touching anything, so {@code smctl runbook plan} and the Jenkins job's first stage show what the run
 * will do before anyone approves it.
 */
public record RunbookPlan(Runbook runbook, Map<String, String> parameters, List<PlannedStep> steps) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    /**
     * @param arguments the step's {@code with:} with placeholders replaced; arguments whose optional parameter was
     *                  not given are left out
     * @param condition when the step runs only under a condition, else empty
     * @param gate      the approvals needed before the step, else empty
     */
    public record PlannedStep(int number, String id, String action, Map<String, String> arguments, Optional<Condition> condition,
                              Optional<ApprovalPolicy> gate) {
        public PlannedStep {
            arguments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        }
    }

    public RunbookPlan {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        steps = List.copyOf(steps);
    }

    /** @param given the values the run was started with; checked against the definition */
    public static RunbookPlan of(Runbook runbook, Map<String, String> given) {
        Map<String, String> parameters = RunbookParameters.resolve(runbook, given);
        List<PlannedStep> steps = new ArrayList<>();
        for (Runbook.Step step : runbook.steps()) {
            Map<String, String> arguments = new LinkedHashMap<>();
            step.with().forEach((name, template) -> resolve(template, parameters).ifPresent(value -> arguments.put(name, value)));
            steps.add(new PlannedStep(steps.size() + 1, step.id(), step.action(), arguments, Condition.parse(step.when()),
                    Optional.ofNullable(step.gate()).map(g -> ApprovalPolicy.of(g, runbook.gates().get(g)))));
        }
        return new RunbookPlan(runbook, parameters, steps);
    }

    /**
     * The plan an alert route marked {@code gated} runs: its first step waits for the runbook's first gate (in step
     * order), whose approval then also covers the later steps under that gate, as always.
     *
     * @throws InvalidRequest when the runbook has no gate to wait on
     */
    public RunbookPlan gatedFromTheStart() {
        ApprovalPolicy first = steps.stream().flatMap(s -> s.gate().stream()).findFirst().orElseThrow(() -> new InvalidRequest(
                "%s has no approval gate, so it cannot be started gated; remove 'gated: true' from its route or add a gate to the runbook"
                        .formatted(runbook.id())));
        if (steps.isEmpty() || steps.get(0).gate().isPresent()) {
            return this;
        }
        List<PlannedStep> gated = new ArrayList<>(steps);
        PlannedStep head = steps.get(0);
        gated.set(0, new PlannedStep(head.number(), head.id(), head.action(), head.arguments(), head.condition(), Optional.of(first)));
        return new RunbookPlan(runbook, parameters, gated);
    }

    /** Empty when the template names an optional parameter that was not given. */
    private static Optional<String> resolve(String template, Map<String, String> parameters) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = parameters.get(m.group(1));
            if (value == null) {
                return Optional.empty();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return Optional.of(out.toString());
    }

    /** The plan as an on-call engineer reads it: numbered steps, what each changes, who must approve. */
    public String render() {
        StringBuilder text = new StringBuilder();
        text.append("%s %s (severity %s%s), definition version %d%n".formatted(runbook.id(), runbook.title(), runbook.severity(),
                runbook.rto() == null ? "" : ", RTO " + runbook.rto(), runbook.version()));
        text.append("Parameters: ").append(parameters).append("\n");
        for (PlannedStep step : steps) {
            text.append("%2d. %-18s %-18s %s%n".formatted(step.number(), step.id(), step.action(), step.arguments()));
            step.condition().ifPresent(c -> text.append("      runs only if ").append(c)
                    .append(parameters.containsKey(c.variable()) && !RunbookRun.DECIDED_BY_DIAGNOSIS.equals(parameters.get(c.variable()))
                            ? (c.holds(parameters) ? " (it does)" : " (it does not: will be skipped)")
                            : " (decided when the run reaches it)").append("\n"));
            step.gate().ifPresent(g -> {
                List<String> covered = steps.stream().filter(s -> s.gate().map(o -> o.gate().equals(g.gate())).orElse(false))
                        .map(PlannedStep::id).toList();
                if (covered.get(0).equals(step.id())) {
                    text.append("      gate ").append(g.gate()).append(": ").append(g.describe()).append("; never the requester, never an alert")
                            .append(covered.size() > 1 ? "; its approval covers steps " + String.join(", ", covered) : "").append("\n");
                } else {
                    text.append("      under gate ").append(g.gate()).append(" (approved before step ").append(covered.get(0)).append(")\n");
                }
            });
        }
        text.append("Nothing was changed: this is the plan.\n");
        return text.toString();
    }
}
