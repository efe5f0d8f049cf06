package hudson.model;

/** Mirror (jenkins-api.md §3.1: since 2.505 getDescriptor() is a default method, which Step overrides). */
public interface Describable<T extends Describable<T>> {
    default Descriptor<T> getDescriptor() {
        throw new UnsupportedOperationException();
    }
}
