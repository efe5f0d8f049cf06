package dev.smctl.jenkins;

import dev.smctl.jenkins.work.Requester;
import hudson.model.Cause;
import hudson.model.Run;

/**
 * Who started a build, read from its causes: the requester of every record its steps write and of its gates. An
 * alert that started it is the requester even when a user is among the causes too (a build folded in the queue).
 */
final class RunRequester {
    private RunRequester() {
    }

    static Requester of(Run<?, ?> run) {
        Cause.UserIdCause user = run.getCause(Cause.UserIdCause.class);
        AlertmanagerCause alert = run.getCause(AlertmanagerCause.class);
        Cause first = run.getCause(Cause.class);
        return new Requester(user == null ? null : user.getUserId(), first == null ? null : first.getShortDescription(),
                run.getExternalizableId(), alert == null ? null : alert.getAlertname(), alert == null ? null : alert.getFingerprint());
    }
}
