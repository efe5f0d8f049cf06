package dev.smctl.engine;

/**
 * A precondition, a lock or an approval said no. Nothing was changed; the message names the reason and the
 * next step. The command line exits with 3.
 */
public class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Refused(String message) {
        super(message);
    }
}
