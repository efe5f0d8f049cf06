package dev.smctl.jenkins;

import dev.smctl.jenkins.work.ClusterCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smBackupJob} (docs/pipeline-steps.md): P2-01: a Job from the CronJob, followed to completion. */
public final class SmBackupJobStep extends SmStep {
    private final String cronJob;
    private String timeout;

    @DataBoundConstructor
    public SmBackupJobStep(String cronJob) {
        this.cronJob = fixEmpty(cronJob);
    }

    public String getCronJob() {
        return cronJob;
    }

    public String getTimeout() {
        return timeout;
    }

    /** @param timeout how long the backup may take (default 30m) */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = fixEmpty(timeout);
    }

    @Override
    public StepCall call() {
        return new ClusterCalls.BackupJob(getCronJob(), timeout);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smBackupJob", "Run the backup CronJob now", false);
        }
    }
}
