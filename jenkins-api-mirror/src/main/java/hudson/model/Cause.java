package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/** Mirror (jenkins-api.md §8): why a build started. */
public abstract class Cause {
    public abstract String getShortDescription();

    /** Started by a user (jenkins-api.md §8 names it; {@code getUserId()} checked against core's Cause.java). */
    public static class UserIdCause extends Cause {
        @CheckForNull
        public String getUserId() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getShortDescription() {
            throw new UnsupportedOperationException();
        }
    }
}
