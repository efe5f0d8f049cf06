package dev.smctl.jenkins;

import dev.smctl.jenkins.work.DatabaseCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.util.ArrayList;
import java.util.List;

/** {@code smKillQueries} (docs/pipeline-steps.md): P1-01: terminates queries active longer than {@code olderThan}, never replication, autovacuum or protected roles. */
public final class SmKillQueriesStep extends SmDatabaseStep {
    private String olderThan;
    private List<String> protectedRoles;

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

    public List<String> getProtectedRoles() {
        return protectedRoles;
    }

    /** @param protectedRoles roles never terminated (default postgres, replicator) */
    @DataBoundSetter
    public void setProtectedRoles(List<String> protectedRoles) {
        this.protectedRoles = protectedRoles == null ? null : List.copyOf(protectedRoles);
    }

    @Override
    public StepCall call() {
        return new DatabaseCalls.KillQueries(olderThan, protectedRoles == null ? null : new ArrayList<>(protectedRoles));
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smKillQueries", "Terminate long-running queries", true);
        }
    }
}
