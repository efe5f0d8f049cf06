package dev.smctl.jenkins.work;

import dev.smctl.engine.Actor;
import dev.smctl.engine.Invocation;

import java.io.Serializable;

/**
 * Who started the build, and which build: the actor and the "via" of every audit record a step writes, and the
 * requester an approval gate never lets approve.
 *
 * @param userId the Jenkins user who started the build, or {@code null} when no user did
 * @param cause how the build started when no user did ("Started by timer"), for the record
 * @param build the build's externalizable id, {@code folder/job#12}: also the run id of its approval gates
 * @param alertName the alert that started the build (its alertname), or {@code null} when none did
 * @param alertFingerprint that alert's fingerprint
 */
public record Requester(String userId, String cause, String build, String alertName, String alertFingerprint) implements Serializable {

    /** A build no alert started. */
    public Requester(String userId, String cause, String build) {
        this(userId, cause, build, null, null);
    }

    /**
     * The alert when one started the build (an alert never approves its own run); else the user by id; otherwise
     * the build's cause, named as such, so that no record says "SYSTEM".
     */
    public Actor actor() {
        if (alertName != null && !alertName.isBlank()) {
            return Actor.alert(alertName, alertFingerprint);
        }
        return userId != null && !userId.isBlank() ? Actor.user(userId) : Actor.user("jenkins (" + (cause == null ? "no cause" : cause) + ")");
    }

    public Invocation invocation(String reason, boolean dryRun) {
        return new Invocation(actor(), reason, "Jenkins " + build, dryRun);
    }
}
