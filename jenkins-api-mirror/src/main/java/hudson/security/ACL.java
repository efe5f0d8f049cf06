package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import org.springframework.security.core.Authentication;

/** Mirror (jenkins-api.md §7): running as the system, for a request that arrives anonymous. */
public abstract class ACL {
    /** Declared, not defined: the mirror gives no field a value. */
    public static final Authentication SYSTEM2 = null;

    /** The real constructor takes nothing; the plugin never creates one. */
    private ACL() {
    }

    public static ACLContext as2(@NonNull Authentication auth) {
        throw new UnsupportedOperationException();
    }
}
