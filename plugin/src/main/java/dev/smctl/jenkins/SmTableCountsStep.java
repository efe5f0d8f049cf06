package dev.smctl.jenkins;

import dev.smctl.jenkins.work.DatabaseCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smTableCounts} (docs/pipeline-steps.md): P0-02 integrity check, read-only: the row count of each table. */
public final class SmTableCountsStep extends SmOneDatabaseStep {
    private String tables;

    @DataBoundConstructor
    public SmTableCountsStep() {
    }

    public String getTables() {
        return tables;
    }

    /** @param tables comma-separated (default users,messages) */
    @DataBoundSetter
    public void setTables(String tables) {
        this.tables = fixEmpty(tables);
    }

    @Override
    public StepCall call() {
        return new DatabaseCalls.TableCounts(getDatabase(), tables);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smTableCounts", "Count the rows of tables", true);
        }
    }
}
