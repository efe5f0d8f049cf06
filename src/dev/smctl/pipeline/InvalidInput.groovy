package dev.smctl.pipeline

/**
 * A parameter value, a runbook definition or a step argument that breaks a rule. Raised before any stage runs, so
 * nothing has changed; the message is the one line the on-call engineer reads.
 */
class InvalidInput extends IllegalArgumentException {
    private static final long serialVersionUID = 1L

    InvalidInput(String message) {
        super(message)
    }
}
