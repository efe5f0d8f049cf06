package dev.smctl.jenkins;

import dev.smctl.jenkins.work.ClusterCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smRestart} (docs/pipeline-steps.md): P1-02: kubectl's rollout restart, waited for. */
public final class SmRestartStep extends SmStep {
    private final String deployment;
    private String timeout;

    @DataBoundConstructor
    public SmRestartStep(String deployment) {
        this.deployment = fixEmpty(deployment);
    }

    public String getDeployment() {
        return deployment;
    }

    public String getTimeout() {
        return timeout;
    }

    /** @param timeout bound on the rollout wait (default 5m) */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = fixEmpty(timeout);
    }

    @Override
    public StepCall call() {
        return new ClusterCalls.Restart(getDeployment(), timeout);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smRestart", "Restart the pods of a Deployment", false);
        }
    }
}
