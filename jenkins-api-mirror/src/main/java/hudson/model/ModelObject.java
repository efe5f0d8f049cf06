package hudson.model;

/** Mirror (jenkins-api.md §6, the supertype of {@link Action}). */
public interface ModelObject {
    String getDisplayName();
}
