package dev.smctl.engine;

import java.util.Map;

/**
 * What an action found after its change.
 *
 * @param observed state read while verifying (the new revision, the health answer), recorded as "after"
 */
public record Verification(boolean passed, String message, Map<String, Object> observed) {
    public Verification {
        observed = Map.copyOf(observed);
    }

    public static Verification passed(String message, Map<String, Object> observed) {
        return new Verification(true, message, observed);
    }

    public static Verification failed(String message, Map<String, Object> observed) {
        return new Verification(false, message, observed);
    }
}
