package dev.smctl.cli;

/** The exit codes of every command, listed in the help footer. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int INVALID = 2;
    static final int REFUSED = 3;

    private ExitCodes() {
    }
}
