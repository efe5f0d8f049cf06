package dev.smctl.jenkins;

import dev.smctl.jenkins.work.DatabaseCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code smReadOnly} (docs/pipeline-steps.md): P0-02 first move: {@code default_transaction_read_only} on or off, verified by a write attempt. */
public final class SmReadOnlyStep extends SmOneDatabaseStep {
    private final String mode;

    @DataBoundConstructor
    public SmReadOnlyStep(String mode) {
        this.mode = fixEmpty(mode);
    }

    public String getMode() {
        return mode;
    }

    @Override
    public StepCall call() {
        return new DatabaseCalls.ReadOnly(getDatabase(), getMode());
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smReadOnly", "Make a database read-only, or writable again", true);
        }
    }
}
