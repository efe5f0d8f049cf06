package hudson.security;

/** Mirror (jenkins-api.md §7): {@code try (ACLContext ctx = ACL.as2(ACL.SYSTEM2)) { ... }} restores the caller on close. */
public class ACLContext implements AutoCloseable {
    /** The real constructor takes the previous context; the plugin never creates one. */
    private ACLContext() {
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException();
    }
}
