package dev.smctl.jenkins.work;

import dev.smctl.engine.Actor;
import dev.smctl.engine.Invocation;

import java.io.Serializable;

/**
 * Who started the build, and which build: the actor and the "via" of every audit record a step writes.
 *
 * @param userId the Jenkins user who started the build, or {@code null} when no user did
 * @param cause how the build started when no user did ("Started by timer"), for the record
 * @param build the build's externalizable id, {@code folder/job#12}
 */
public record Requester(String userId, String cause, String build) implements Serializable {
    /** A user by id; otherwise the build's cause, named as such, so that no record says "SYSTEM". */
    public Actor actor() {
        return userId != null && !userId.isBlank() ? Actor.user(userId) : Actor.user("jenkins (" + (cause == null ? "no cause" : cause) + ")");
    }

    public Invocation invocation(String reason, boolean dryRun) {
        return new Invocation(actor(), reason, "Jenkins " + build, dryRun);
    }
}
