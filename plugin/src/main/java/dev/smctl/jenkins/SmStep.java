package dev.smctl.jenkins;

import dev.smctl.jenkins.work.CommonArguments;
import dev.smctl.jenkins.work.StepCall;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What every sm* step takes besides its own arguments (docs/pipeline-steps.md, "Common arguments"), and how it
 * starts. A step class only holds its bound arguments and names its work ({@link #call()}); {@link SmExecution}
 * runs it. Blank optional arguments count as left out, so the global configuration's default applies.
 */
public abstract class SmStep extends Step {
    private String namespace;
    private String reason;
    private boolean dryRun;
    private String kubeconfigCredentialsId;
    private boolean failOnError = true;

    /** The step's arguments bound to its work, with no Jenkins type in it. */
    public abstract StepCall call();

    /** Database steps run on the agent of the enclosing {@code node {}}; the others in the controller. */
    boolean runsOnAgent() {
        return false;
    }

    CommonArguments common() {
        return new CommonArguments(namespace, reason, dryRun, kubeconfigCredentialsId, null, null, null, null, null, null, null, null, null);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new SmExecution(this, context);
    }

    static String fixEmpty(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = fixEmpty(namespace);
    }

    public String getReason() {
        return reason;
    }

    @DataBoundSetter
    public void setReason(String reason) {
        this.reason = fixEmpty(reason);
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public String getKubeconfigCredentialsId() {
        return kubeconfigCredentialsId;
    }

    @DataBoundSetter
    public void setKubeconfigCredentialsId(String kubeconfigCredentialsId) {
        this.kubeconfigCredentialsId = fixEmpty(kubeconfigCredentialsId);
    }

    public boolean isFailOnError() {
        return failOnError;
    }

    @DataBoundSetter
    public void setFailOnError(boolean failOnError) {
        this.failOnError = failOnError;
    }
}
