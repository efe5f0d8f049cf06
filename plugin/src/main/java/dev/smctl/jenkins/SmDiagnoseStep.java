package dev.smctl.jenkins;

import dev.smctl.jenkins.work.ClusterCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smDiagnose} (docs/pipeline-steps.md): P0-01 investigation, read-only: pod states, flagged log lines, errors by type; returns {@code scenario} (A, B or unknown). */
public final class SmDiagnoseStep extends SmStep {
    private final String deployment;
    private String logLines;

    @DataBoundConstructor
    public SmDiagnoseStep(String deployment) {
        this.deployment = fixEmpty(deployment);
    }

    public String getDeployment() {
        return deployment;
    }

    public String getLogLines() {
        return logLines;
    }

    /** @param logLines log lines per pod, a whole number as text (default 100) */
    @DataBoundSetter
    public void setLogLines(String logLines) {
        this.logLines = fixEmpty(logLines);
    }

    @Override
    public StepCall call() {
        return new ClusterCalls.Diagnose(getDeployment(), logLines);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smDiagnose", "Diagnose a Deployment (P0-01 investigation)", false);
        }
    }
}
