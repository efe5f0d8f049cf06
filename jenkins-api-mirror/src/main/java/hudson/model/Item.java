package hudson.model;

/** Mirror (jenkins-api.md §8): what {@code Jenkins.getItemByFullName} finds; the plugin names it only as that bound. */
public interface Item {
}
