package hudson.model;

/**
 * Mirror (jenkins-api.md §3.2, §7): the no-argument constructor infers the described class from the enclosing
 * class; {@link #load()} and {@link #save()} persist a global configuration.
 */
public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor() {
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException();
    }

    public synchronized void load() {
        throw new UnsupportedOperationException();
    }

    public synchronized void save() {
        throw new UnsupportedOperationException();
    }
}
