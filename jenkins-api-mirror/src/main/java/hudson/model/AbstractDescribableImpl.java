package hudson.model;

/** Mirror (jenkins-api.md §3.1): deprecated since 2.505, still {@code Step}'s superclass. */
@Deprecated(since = "2.505")
public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {
}
