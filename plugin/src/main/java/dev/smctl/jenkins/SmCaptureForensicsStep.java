package dev.smctl.jenkins;

import dev.smctl.jenkins.work.DatabaseCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smCaptureForensics} (docs/pipeline-steps.md): P0-03: the namespace's objects, events and backend logs, and a dump of the database when one is given, into smctl/evidence-TIME in the workspace. */
public final class SmCaptureForensicsStep extends SmDatabaseStep {
    private String database;

    @DataBoundConstructor
    public SmCaptureForensicsStep() {
    }

    public String getDatabase() {
        return database;
    }

    /** @param database the database to dump (default: the one databaseUrl names; none without databaseUrl) */
    @DataBoundSetter
    public void setDatabase(String database) {
        this.database = fixEmpty(database);
    }

    @Override
    public StepCall call() {
        return new DatabaseCalls.CaptureForensics(database);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smCaptureForensics", "Capture forensic evidence", true);
        }
    }
}
