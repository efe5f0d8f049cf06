package hudson;

import java.io.IOException;

/** Mirror (jenkins-api.md §3.5): fails a step with its message and no stack trace. */
public class AbortException extends IOException {
    public AbortException(String message) {
        super(message);
    }
}
