package dev.smctl.jenkins;

import dev.smctl.jenkins.work.DatabaseCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code smForce2fa} (docs/pipeline-steps.md): P0-03: every user must set up two-factor authentication at the next login. */
public final class SmForce2faStep extends SmOneDatabaseStep {
    @DataBoundConstructor
    public SmForce2faStep() {
    }

    @Override
    public StepCall call() {
        return new DatabaseCalls.ForceTwoFactor(getDatabase());
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smForce2fa", "Force two-factor authentication for every user", true);
        }
    }
}
