package dev.smctl.jenkins;

import dev.smctl.jenkins.work.ClusterCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smTop} (docs/pipeline-steps.md): P1-01, read-only: CPU and memory per pod from the metrics API, heaviest first. */
public final class SmTopStep extends SmStep {
    private String order;

    @DataBoundConstructor
    public SmTopStep() {
    }

    public String getOrder() {
        return order;
    }

    /** @param order cpu or memory (default memory) */
    @DataBoundSetter
    public void setOrder(String order) {
        this.order = fixEmpty(order);
    }

    @Override
    public StepCall call() {
        return new ClusterCalls.Top(order);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smTop", "Show pod CPU and memory usage", false);
        }
    }
}
