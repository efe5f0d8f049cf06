package hudson.model;

import hudson.ExtensionPoint;

/** Mirror (jenkins-api.md §8): named only as the bound of {@code Job.getProperty}. */
public abstract class JobProperty<J extends Job<?, ?>> implements ExtensionPoint {
    /** The real constructor is protected and takes nothing; subclasses in the mirror need one. */
    protected JobProperty() {
    }
}
