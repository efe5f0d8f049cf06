package hudson;

/** Mirror (jenkins-api.md §3.1, §13): marker of the types Jenkins finds as extensions. */
public interface ExtensionPoint {
}
