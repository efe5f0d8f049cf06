package dev.smctl.engine;

import java.util.Map;

/**
 * One typed remediation. {@link ActionRunner} drives it: lock the target, {@link #plan()}, gate,
 * {@link #execute(Plan, Progress)}, {@link #verify(Plan, Progress)}, record.
 *
 * @param <P> the plan this action computes and later executes
 */
public interface Action<P extends Plan> {
    /** The action's name in records and messages: {@code rollback}. */
    String name();

    Target target();

    /** The parameters as given, for the audit trail; the trail redacts anything that looks like a secret. */
    Map<String, String> parameters();

    /**
     * Reads live state and computes the exact change. Changes nothing.
     *
     * @throws Refused when a precondition does not hold
     * @throws InvalidRequest when the target or a parameter does not exist
     */
    P plan();

    /**
     * Makes the change the plan describes, with a precondition on the state the plan read.
     *
     * @return the state right after the change, for the record
     * @throws Conflict when the object changed since {@link #plan()} read it
     */
    Map<String, Object> execute(P plan, Progress progress);

    /** Waits, within the action's own bound, until the change has taken effect, and says whether it did. */
    Verification verify(P plan, Progress progress);
}
