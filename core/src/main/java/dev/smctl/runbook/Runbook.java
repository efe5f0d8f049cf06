package dev.smctl.runbook;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * One incident of runbook.md as data: parameters, ordered steps (actions), approval gates, evidence, status-page
 * texts. Jenkins, smctl and the documentation read the same file, so they cannot drift.
 *
 * @param rto the recovery time objective where the runbook sets one (P0-02: 30m), else {@code null}
 */
public record Runbook(String id, int version, String title, String severity, String rto, List<String> signals,
                      List<Parameter> parameters, List<Step> steps, Map<String, Gate> gates, List<String> evidence,
                      Map<String, String> statusPage, String updateEvery) {

    public Runbook {
        signals = signals == null ? List.of() : List.copyOf(signals);
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        steps = steps == null ? List.of() : List.copyOf(steps);
        gates = gates == null ? Map.of() : Map.copyOf(gates);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        statusPage = statusPage == null ? Map.of() : Map.copyOf(statusPage);
    }

    /** A typed parameter with its validation. */
    public record Parameter(String name, String type, @JsonProperty("default") String defaultValue, Boolean required,
                            List<String> choices, Integer min, Integer max, String description) {
        public boolean isRequired() {
            return required == null ? defaultValue == null : required;
        }
    }

    /**
     * One step: an action with its arguments ({@code ${parameter}} placeholders allowed), an optional condition on
     * a parameter and an optional gate that must approve it first.
     */
    public record Step(String id, String action, String when, Map<String, String> with, String gate) {
        public Step {
            // In the order written: plans and records show the arguments as the definition reads.
            with = with == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(with));
        }
    }

    /** An approval gate, as AWS SSM's aws:approve: named approvers or groups, N of them, an expiry, a comment. */
    public record Gate(List<String> approvers, int minApprovals, String expires, boolean commentRequired) {
        public Gate {
            approvers = approvers == null ? List.of() : List.copyOf(approvers);
        }
    }
}
