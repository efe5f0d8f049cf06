package dev.smctl.jenkins;

import dev.smctl.jenkins.work.ClusterCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smScale} (docs/pipeline-steps.md): P0-02, P0-03, P1-01: scales a workload and records the count it had; {@code restorePrevious} puts it back. */
public final class SmScaleStep extends SmStep {
    private final String workload;
    private String replicas;
    private String restorePrevious;
    private String timeout;

    @DataBoundConstructor
    public SmScaleStep(String workload) {
        this.workload = fixEmpty(workload);
    }

    public String getWorkload() {
        return workload;
    }

    public String getReplicas() {
        return replicas;
    }

    /** @param replicas the count wanted, a whole number as text ({@code '0'}) */
    @DataBoundSetter
    public void setReplicas(String replicas) {
        this.replicas = fixEmpty(replicas);
    }

    public String getRestorePrevious() {
        return restorePrevious;
    }

    /** @param restorePrevious {@code 'true'}: scale back to the recorded count */
    @DataBoundSetter
    public void setRestorePrevious(String restorePrevious) {
        this.restorePrevious = fixEmpty(restorePrevious);
    }

    public String getTimeout() {
        return timeout;
    }

    /** @param timeout bound on the wait for the replicas (default 5m) */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = fixEmpty(timeout);
    }

    @Override
    public StepCall call() {
        return new ClusterCalls.ScaleWorkload(getWorkload(), replicas, restorePrevious, timeout);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smScale", "Scale a Deployment or StatefulSet", false);
        }
    }
}
