package dev.smctl.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an action will do, computed from live state with no side effect. The dry-run prints it; the run
 * executes exactly it; the audit trail keeps it.
 */
public interface Plan {
    /** One line: "roll back deployment production/backend from revision 5 to revision 4". */
    String summary();

    /** Every field that will change. Empty when {@link #skipReason()} is present. */
    List<Change> changes();

    /** The state before the change: enough to go back. Secrets redacted. */
    Map<String, Object> before();

    /** Present when there is nothing to do, with the reason ("current template already matches revision 4"). */
    Optional<String> skipReason();

    /** How to go back once this plan has run, as a command an operator can paste. */
    String undo();
}
