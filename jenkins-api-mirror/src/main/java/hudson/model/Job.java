package hudson.model;

/** Mirror (jenkins-api.md §3.3, §13): only named as {@link Run}'s type parameter. */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> {
    /** The real constructors take arguments the plugin never passes; none is declared here. */
    private Job() {
    }
}
