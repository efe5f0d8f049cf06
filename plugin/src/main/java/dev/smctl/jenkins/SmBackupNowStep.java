package dev.smctl.jenkins;

import dev.smctl.jenkins.work.DatabaseCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smBackupNow} (docs/pipeline-steps.md): P2-01: pg_dump streamed into the backup store with its SHA-256. */
public final class SmBackupNowStep extends SmOneDatabaseStep {
    private String timeout;

    @DataBoundConstructor
    public SmBackupNowStep() {
    }

    public String getTimeout() {
        return timeout;
    }

    /** @param timeout bound on the dump (default 30m) */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = fixEmpty(timeout);
    }

    @Override
    public StepCall call() {
        return new DatabaseCalls.BackupNow(getDatabase(), timeout);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smBackupNow", "Back up a database now", true);
        }
    }
}
