package dev.smctl.jenkins;

import dev.smctl.jenkins.work.DatabaseCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smKillQueries} (docs/pipeline-steps.md): P1-01: terminates queries active longer than {@code olderThan}, never replication, autovacuum or protected roles. */
public final class SmKillQueriesStep extends SmDatabaseStep {
    private String olderThan;
    private String protectedRoles;

    @DataBoundConstructor
    public SmKillQueriesStep() {
    }

    public String getOlderThan() {
        return olderThan;
    }

    /** @param olderThan threshold (default 30s) */
    @DataBoundSetter
    public void setOlderThan(String olderThan) {
        this.olderThan = fixEmpty(olderThan);
    }

    public String getProtectedRoles() {
        return protectedRoles;
    }

    /** @param protectedRoles roles never terminated, comma-separated (default postgres,replicator) */
    @DataBoundSetter
    public void setProtectedRoles(String protectedRoles) {
        this.protectedRoles = fixEmpty(protectedRoles);
    }

    @Override
    public StepCall call() {
        return new DatabaseCalls.KillQueries(olderThan, protectedRoles);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smKillQueries", "Terminate long-running queries", true);
        }
    }
}
