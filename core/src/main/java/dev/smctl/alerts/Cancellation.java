package dev.smctl.alerts;

/**
 * What a scheduler did about a resolved alert's run, in the words the receiver records: the alert's audit record
 * must say what happened to the run, not only whether it was cancelled.
 *
 * @param stopped whether the run was stopped before it changed anything
 * @param message what happened to the run, for the record
 */
public record Cancellation(boolean stopped, String message) {
    public static Cancellation cancelled() {
        return new Cancellation(true, "the run still waiting (queue or approval) was cancelled");
    }

    public static Cancellation leftToFinish() {
        return new Cancellation(false, "the run was no longer waiting and is left to finish");
    }
}
