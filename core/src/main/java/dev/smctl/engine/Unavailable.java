package dev.smctl.engine;

/**
 * A system the action needs did not answer or failed (the database, the object store). The message is written
 * for the operator and already free of secrets; the command line exits with 1.
 */
public class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
