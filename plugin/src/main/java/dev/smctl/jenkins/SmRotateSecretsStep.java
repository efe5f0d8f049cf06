package dev.smctl.jenkins;

import dev.smctl.jenkins.work.SecretCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smRotateSecrets} (docs/pipeline-steps.md): P0-03: a new value for one Secret the backend reads, then a restart of its readers. */
public final class SmRotateSecretsStep extends SmOneDatabaseStep {
    private final String kind;
    private String secret;
    private String role;
    private String deployment;
    private String timeout;

    @DataBoundConstructor
    public SmRotateSecretsStep(String kind) {
        this.kind = fixEmpty(kind);
    }

    public String getKind() {
        return kind;
    }

    public String getSecret() {
        return secret;
    }

    /** @param secret the Secret's name (default: the kind's usual one) */
    @DataBoundSetter
    public void setSecret(String secret) {
        this.secret = fixEmpty(secret);
    }

    public String getRole() {
        return role;
    }

    /** @param role for db-password: the database role (default: the user of the Secret's URL) */
    @DataBoundSetter
    public void setRole(String role) {
        this.role = fixEmpty(role);
    }

    public String getDeployment() {
        return deployment;
    }

    /** @param deployment a Deployment that must read the Secret (every reader is restarted) */
    @DataBoundSetter
    public void setDeployment(String deployment) {
        this.deployment = fixEmpty(deployment);
    }

    public String getTimeout() {
        return timeout;
    }

    /** @param timeout bound on each reader's restart (default 5m) */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = fixEmpty(timeout);
    }

    @Override
    public StepCall call() {
        return new SecretCalls(kind, secret, role, deployment, getDatabase(), timeout);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smRotateSecrets", "Rotate a Secret and restart its readers", true);
        }
    }
}
