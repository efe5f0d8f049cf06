package dev.smctl.jenkins.work;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Redaction;
import dev.smctl.engine.Secret;

import java.io.Serializable;

/**
 * A secret resolved from Jenkins' credentials store, on its way to the one call that needs it, possibly on an
 * agent (it crosses the remoting channel, so it is Serializable). It never shows itself: {@code toString()} is
 * redacted, and the step's log mask replaces its value wherever it would be printed.
 */
public record Sensitive(String value) implements Serializable {
    public Sensitive {
        if (value == null || value.isEmpty()) {
            throw new InvalidRequest("a secret from the credentials store is empty: fill in the credentials' secret");
        }
    }

    /**
     * The secret of credentials {@code id}, refused when empty with the ID named: a build that uses three
     * credentials (kubeconfig, database, S3) must say which one to fill in.
     */
    public static Sensitive ofCredentials(String id, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidRequest("credentials %s hold an empty secret: fill it in under Manage Jenkins » Credentials, or pass another ID"
                    .formatted(Names.quote(id)));
        }
        return new Sensitive(value);
    }

    public Secret toSecret() {
        return Secret.of(value);
    }

    @Override
    public String toString() {
        return Redaction.REDACTED;
    }
}
