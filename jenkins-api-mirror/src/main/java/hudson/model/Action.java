package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/** Mirror (jenkins-api.md §6): something attached to a model object, served at {@code <owner-url>/<urlName>/}. */
public interface Action extends ModelObject {
    @CheckForNull String getIconFileName();

    @Override
    @CheckForNull String getDisplayName();

    @CheckForNull String getUrlName();
}
