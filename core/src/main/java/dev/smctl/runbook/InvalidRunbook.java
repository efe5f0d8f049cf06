package dev.smctl.runbook;

import dev.smctl.engine.InvalidRequest;

/** A runbook definition that does not validate, named by file and line. */
public class InvalidRunbook extends InvalidRequest {
    private static final long serialVersionUID = 1L;

    public InvalidRunbook(String file, int line, String reason) {
        super("%s line %d: %s".formatted(file, line, reason));
    }
}
