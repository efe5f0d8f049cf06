package dev.smctl.engine;

/**
 * The action failed at a point where it knows nothing the operator cares about was changed (a restore that
 * failed before its cut-over, whose scratch copy was removed). Reported as failed, without the "the change may
 * have been applied" warning.
 */
public class FailedSafely extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FailedSafely(String message) {
        super(message);
    }
}
