package dev.smctl.engine;

/**
 * The request itself is wrong (a bad name, a revision that does not exist, a missing namespace, a broken
 * kubeconfig). Nothing was changed; the message says what to fix. The command line exits with 2.
 */
public class InvalidRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidRequest(String message) {
        super(message);
    }
}
