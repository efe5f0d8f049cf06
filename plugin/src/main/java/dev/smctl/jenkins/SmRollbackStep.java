package dev.smctl.jenkins;

import dev.smctl.jenkins.work.ClusterCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smRollback} (docs/pipeline-steps.md): P0-01 A: kubectl's rollback, locked, waited for and probed. */
public final class SmRollbackStep extends SmStep {
    private final String deployment;
    private String toRevision;
    private String timeout;
    private String healthUrl;

    @DataBoundConstructor
    public SmRollbackStep(String deployment) {
        this.deployment = fixEmpty(deployment);
    }

    public String getDeployment() {
        return deployment;
    }

    public String getToRevision() {
        return toRevision;
    }

    /** @param toRevision revision to restore, a number as text; 0 or left out is the previous one */
    @DataBoundSetter
    public void setToRevision(String toRevision) {
        this.toRevision = fixEmpty(toRevision);
    }

    public String getTimeout() {
        return timeout;
    }

    /** @param timeout bound on the rollout wait, e.g. 5m (default) */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = fixEmpty(timeout);
    }

    public String getHealthUrl() {
        return healthUrl;
    }

    /** @param healthUrl probed after the rollout; 2xx is healthy */
    @DataBoundSetter
    public void setHealthUrl(String healthUrl) {
        this.healthUrl = fixEmpty(healthUrl);
    }

    @Override
    public StepCall call() {
        return new ClusterCalls.Rollback(getDeployment(), toRevision, timeout, healthUrl);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smRollback", "Roll back a Deployment to an earlier revision", false);
        }
    }
}
