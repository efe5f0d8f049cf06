package dev.smctl.engine;

/**
 * The object changed between our read and our write (HTTP 409 on a resourceVersion precondition). The runner
 * plans again and goes on only if the new plan makes exactly the same change.
 */
public class Conflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Conflict(String message) {
        super(message);
    }
}
