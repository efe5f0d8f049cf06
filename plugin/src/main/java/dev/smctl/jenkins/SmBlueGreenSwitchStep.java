package dev.smctl.jenkins;

import dev.smctl.jenkins.work.ClusterCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smBlueGreenSwitch} (docs/pipeline-steps.md): P0-01 C: points the Service at the other colour (or {@code to}), switching back by itself if {@code healthUrl} fails. */
public final class SmBlueGreenSwitchStep extends SmStep {
    private final String service;
    private String to;
    private String healthUrl;

    @DataBoundConstructor
    public SmBlueGreenSwitchStep(String service) {
        this.service = fixEmpty(service);
    }

    public String getService() {
        return service;
    }

    public String getTo() {
        return to;
    }

    /** @param to the colour to switch to (default: the other one) */
    @DataBoundSetter
    public void setTo(String to) {
        this.to = fixEmpty(to);
    }

    public String getHealthUrl() {
        return healthUrl;
    }

    /** @param healthUrl probed after the switch; a failure switches back */
    @DataBoundSetter
    public void setHealthUrl(String healthUrl) {
        this.healthUrl = fixEmpty(healthUrl);
    }

    @Override
    public StepCall call() {
        return new ClusterCalls.BlueGreen(getService(), to, healthUrl);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smBlueGreenSwitch", "Switch a Service's traffic to the other colour", false);
        }
    }
}
