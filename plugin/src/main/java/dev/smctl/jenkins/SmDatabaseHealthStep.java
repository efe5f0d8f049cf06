package dev.smctl.jenkins;

import dev.smctl.jenkins.work.DatabaseCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code smDatabaseHealth} (docs/pipeline-steps.md): P0-02 investigation, read-only: SELECT 1 latency, database sizes, recovery conflicts. */
public final class SmDatabaseHealthStep extends SmOneDatabaseStep {

    @DataBoundConstructor
    public SmDatabaseHealthStep() {
    }

    @Override
    public StepCall call() {
        return new DatabaseCalls.DatabaseHealth(getDatabase());
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smDatabaseHealth", "Check a database's health", true);
        }
    }
}
