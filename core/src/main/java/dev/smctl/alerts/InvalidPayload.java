package dev.smctl.alerts;

import dev.smctl.engine.InvalidRequest;

/**
 * A notification that will not be acted on, in whole: nothing from it is scheduled. The message names the field
 * and quotes values only through {@link dev.smctl.engine.Names#quote}, so it can go back to the sender and into
 * the audit log. Alertmanager does not retry a 4xx answer.
 */
public class InvalidPayload extends InvalidRequest {
    private static final long serialVersionUID = 1L;

    /** HTTP status the receiver answers with: 400 (unreadable), 413 (too large), 422 (a value that is not allowed). */
    private final int httpStatus;

    public InvalidPayload(int httpStatus, String message) {
        super(message);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
