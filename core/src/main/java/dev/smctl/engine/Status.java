package dev.smctl.engine;

import java.util.Locale;

/** How an action ended. Only {@link #SUCCEEDED} and {@link #FAILED} can have changed anything. */
public enum Status {
    /** The change was made and verified. */
    SUCCEEDED(0),
    /** Nothing to do: the target was already in the desired state. */
    SKIPPED(0),
    /** A precondition, a lock or an approval said no; nothing changed. */
    REFUSED(3),
    /** The change was attempted and did not verify, or an unexpected error stopped it. */
    FAILED(1);

    private final int exitCode;

    Status(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The spelling used in records and JSON output: {@code succeeded}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
