package dev.smctl.jenkins;

import dev.smctl.jenkins.work.ClusterCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smPodDelete} (docs/pipeline-steps.md): P0-01 B: deletes a pod its controller recreates and waits for the replacement. */
public final class SmPodDeleteStep extends SmStep {
    private final String pod;
    private String timeout;

    @DataBoundConstructor
    public SmPodDeleteStep(String pod) {
        this.pod = fixEmpty(pod);
    }

    public String getPod() {
        return pod;
    }

    public String getTimeout() {
        return timeout;
    }

    /** @param timeout bound on the wait for the replacement (default 5m) */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = fixEmpty(timeout);
    }

    @Override
    public StepCall call() {
        return new ClusterCalls.PodDelete(getPod(), timeout);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smPodDelete", "Delete a pod so that its controller recreates it", false);
        }
    }
}
