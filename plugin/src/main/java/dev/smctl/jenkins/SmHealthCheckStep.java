package dev.smctl.jenkins;

import dev.smctl.jenkins.work.ClusterCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smHealthCheck} (docs/pipeline-steps.md): Probes a URL until it answers 2xx or the timeout passes; a failure fails the step. */
public final class SmHealthCheckStep extends SmStep {
    private final String url;
    private String timeout;

    @DataBoundConstructor
    public SmHealthCheckStep(String url) {
        this.url = fixEmpty(url);
    }

    public String getUrl() {
        return url;
    }

    public String getTimeout() {
        return timeout;
    }

    /** @param timeout how long the URL may take to answer 2xx (default 60s) */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = fixEmpty(timeout);
    }

    @Override
    public StepCall call() {
        return new ClusterCalls.HealthProbe(getUrl(), timeout);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smHealthCheck", "Probe a health URL", false);
        }
    }
}
