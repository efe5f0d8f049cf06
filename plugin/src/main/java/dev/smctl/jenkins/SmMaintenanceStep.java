package dev.smctl.jenkins;

import dev.smctl.jenkins.work.ClusterCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smMaintenance} (docs/pipeline-steps.md): puts the maintenance page behind a Service ({@code mode: 'on'}) or restores the Service's own selector ({@code mode: 'off'}). */
public final class SmMaintenanceStep extends SmStep {
    private final String service;
    private final String mode;
    private String timeout;

    @DataBoundConstructor
    public SmMaintenanceStep(String service, String mode) {
        this.service = fixEmpty(service);
        this.mode = fixEmpty(mode);
    }

    public String getService() {
        return service;
    }

    public String getMode() {
        return mode;
    }

    public String getTimeout() {
        return timeout;
    }

    /** @param timeout bound on the wait for ready pods behind the Service (default 2m) */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = fixEmpty(timeout);
    }

    @Override
    public StepCall call() {
        return new ClusterCalls.MaintenanceMode(getService(), getMode(), timeout);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smMaintenance", "Turn maintenance mode on or off", false);
        }
    }
}
