package hudson.util;

import java.io.Serializable;

/** Mirror (jenkins-api.md §5): a secret whose {@code toString()} never reveals it. */
public final class Secret implements Serializable {
    private Secret() {
    }

    public String getPlainText() {
        throw new UnsupportedOperationException();
    }
}
