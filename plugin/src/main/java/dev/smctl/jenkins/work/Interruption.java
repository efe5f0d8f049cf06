package dev.smctl.jenkins.work;

/**
 * What a step says when the Jenkins controller restarted while it ran. Steps do not resume: the engine's lock,
 * plan and verification lived in the process that died, and running a destructive action again blindly could
 * undo someone's recovery. So the step fails, and the message says what to check before running it again.
 */
public final class Interruption {
    private Interruption() {
    }

    /**
     * @param call the step's arguments as bound ({@link StepCall#toString()})
     * @param started when it started, ISO-8601
     */
    public static String message(String function, String call, String started) {
        return ("%s was interrupted by a restart of the Jenkins controller and was NOT run again (started %s: %s). "
                + "Its change may or may not have been made: check the target's live state and this build's audit page "
                + "(a run without a record did not finish), then run the step again with dryRun: true to see what is left to do. "
                + "A lock it held expires by itself (Kubernetes Lease: 60 s; database advisory lock: when its session ends).")
                .formatted(function, started, call);
    }
}
