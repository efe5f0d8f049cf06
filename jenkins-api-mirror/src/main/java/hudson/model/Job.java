package hudson.model;

/** Mirror (jenkins-api.md §3.3, §8, §13): {@link Run}'s type parameter, and the job an alert's build is queued in. */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> implements Item {
    /** The real constructors take arguments the plugin never passes; none is declared here. */
    private Job() {
    }

    public <T extends JobProperty> T getProperty(Class<T> clazz) {
        throw new UnsupportedOperationException();
    }
}
