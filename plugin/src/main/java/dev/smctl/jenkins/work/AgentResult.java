package dev.smctl.jenkins.work;

import java.io.Serializable;
import java.util.List;

/**
 * What a step that ran on an agent sends back: its outcome, and its audit records (record bodies, without the
 * scratch log's chain fields) for the build's own log on the controller.
 */
public record AgentResult(StepOutcome outcome, List<RecordedOnAgent> records) implements Serializable {
    public AgentResult {
        records = List.copyOf(records);
    }

    /** @param scratchId the record's id in the agent's scratch log, which the outcome may name */
    public record RecordedOnAgent(String scratchId, String body) implements Serializable {
    }
}
