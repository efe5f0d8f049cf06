package dev.smctl.jenkins;

import dev.smctl.jenkins.work.DatabaseCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smReadOnly} (docs/pipeline-steps.md): P0-02 first move: {@code default_transaction_read_only} on or off, verified by a write attempt. */
public final class SmReadOnlyStep extends SmDatabaseStep {
    private final String mode;
    private String database;

    @DataBoundConstructor
    public SmReadOnlyStep(String mode) {
        this.mode = fixEmpty(mode);
    }

    public String getMode() {
        return mode;
    }

    public String getDatabase() {
        return database;
    }

    /** @param database the database on the server of databaseUrl (default: the one it names) */
    @DataBoundSetter
    public void setDatabase(String database) {
        this.database = fixEmpty(database);
    }

    @Override
    public StepCall call() {
        return new DatabaseCalls.ReadOnly(database, getMode());
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smReadOnly", "Make a database read-only, or writable again", true);
        }
    }
}
