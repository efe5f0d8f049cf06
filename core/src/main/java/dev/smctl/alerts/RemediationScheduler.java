package dev.smctl.alerts;

/**
 * Where a routed alert's remediation starts: a Jenkins job in the plugin, a log line in {@code smctl alerts serve}.
 * Implementations must be thread-safe; the receiver calls them from its request threads.
 */
public interface RemediationScheduler {
    /**
     * Starts or queues the runbook for one incident, with {@link RemediationRequest#jobParameters()}, which differ
     * for every incident so that no queue can merge two of them. Called once per incident; only if a receiver
     * dies between this call and recording its outcome can it come again for the same
     * {@link RemediationRequest#correlationId()}, and then it must not start a second run.
     *
     * @return a reference to show the operator (a queue item, a run)
     * @throws dev.smctl.engine.Unavailable when it cannot schedule now; nothing was started and the sender retries
     */
    String schedule(RemediationRequest request);

    /**
     * The alert resolved: cancels the run started under {@code correlationId} if it is still waiting in a queue or
     * at an approval gate. A run already changing things is left to finish (stopping a rollback halfway is worse).
     *
     * @return what happened to the run: cancelled, left to finish, or what this scheduler knows of it
     * @throws dev.smctl.engine.Unavailable when it cannot tell now; the sender retries
     */
    String cancelWaiting(String correlationId, AlertCause cause);

    /** What {@link #cancelWaiting} says of a run it stopped before it changed anything. */
    String CANCELLED = "the run still waiting (queue or approval) was cancelled";
    /** What {@link #cancelWaiting} says of a run already changing things. */
    String LEFT_TO_FINISH = "the run was no longer waiting and is left to finish";
}
