package dev.smctl.jenkins;

import dev.smctl.jenkins.work.DatabaseCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smCaptureForensics} (docs/pipeline-steps.md): P0-03: the namespace's objects, events and the logs of one component's pods, and a dump of the database when one is given, into smctl/evidence-TIME in the workspace. */
public final class SmCaptureForensicsStep extends SmOneDatabaseStep {
    private String pods;

    @DataBoundConstructor
    public SmCaptureForensicsStep() {
    }

    public String getPods() {
        return pods;
    }

    /** @param pods the {@code component} label of the pods whose logs are kept (default backend) */
    @DataBoundSetter
    public void setPods(String pods) {
        this.pods = fixEmpty(pods);
    }

    @Override
    public StepCall call() {
        return new DatabaseCalls.CaptureForensics(getDatabase(), pods);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smCaptureForensics", "Capture forensic evidence", true);
        }
    }
}
