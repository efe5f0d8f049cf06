package dev.smctl.engine;

/**
 * Decides whether a plan may run. Approval policies (named approvers, N-of-M, expiry) implement this; a gate
 * that says no throws {@link Refused} and nothing changes.
 */
@FunctionalInterface
public interface Gate {
    /** For runs whose approval happened before the engine was called (the operator typed the command). */
    Gate NONE = (plan, invocation) -> { };

    void approve(Plan plan, Invocation invocation);
}
