package dev.smctl.jenkins;

import dev.smctl.jenkins.work.DatabaseCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smSlowQueries} (docs/pipeline-steps.md): P1-01, read-only: the slowest statements by mean time from pg_stat_statements. */
public final class SmSlowQueriesStep extends SmDatabaseStep {
    private String limit;

    @DataBoundConstructor
    public SmSlowQueriesStep() {
    }

    public String getLimit() {
        return limit;
    }

    /** @param limit how many, a whole number as text (default 10) */
    @DataBoundSetter
    public void setLimit(String limit) {
        this.limit = fixEmpty(limit);
    }

    @Override
    public StepCall call() {
        return new DatabaseCalls.SlowQueries(limit);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smSlowQueries", "List the slowest queries", true);
        }
    }
}
