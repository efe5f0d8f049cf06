package jenkins.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Action;
import hudson.model.Job;
import hudson.model.Queue;

/** Mirror (jenkins-api.md §8): schedules a build of any parameterized job; only the static method is used. */
public abstract class ParameterizedJobMixIn {
    /** The real class is a mix-in each job type instantiates; the plugin never does. */
    private ParameterizedJobMixIn() {
    }

    public static @CheckForNull Queue.Item scheduleBuild2(Job<?, ?> job, int quietPeriod, Action... actions) {
        throw new UnsupportedOperationException();
    }
}
