package dev.smctl.jenkins;

import dev.smctl.jenkins.work.DatabaseCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.util.ArrayList;
import java.util.List;

/** {@code smRestoreDb} (docs/pipeline-steps.md): P0-02: restores into a new database, checks it, then swaps it in; the damaged one is kept. Never in place. */
public final class SmRestoreDbStep extends SmDatabaseStep {
    private String database;
    private String backup;
    private String before;
    private String expectTables;
    private List<String> migration;
    private String timeout;

    @DataBoundConstructor
    public SmRestoreDbStep() {
    }

    public String getDatabase() {
        return database;
    }

    /** @param database the database to restore (default: the one databaseUrl names) */
    @DataBoundSetter
    public void setDatabase(String database) {
        this.database = fixEmpty(database);
    }

    public String getBackup() {
        return backup;
    }

    /** @param backup latest (default) or a backup id */
    @DataBoundSetter
    public void setBackup(String backup) {
        this.backup = fixEmpty(backup);
    }

    public String getBefore() {
        return before;
    }

    /** @param before the newest backup taken before this ISO-8601 time */
    @DataBoundSetter
    public void setBefore(String before) {
        this.before = fixEmpty(before);
    }

    public String getExpectTables() {
        return expectTables;
    }

    /** @param expectTables tables the copy must have, with rows (default users,messages) */
    @DataBoundSetter
    public void setExpectTables(String expectTables) {
        this.expectTables = fixEmpty(expectTables);
    }

    public List<String> getMigration() {
        return migration;
    }

    /** @param migration a migration command (argv) run on the copy before the swap */
    @DataBoundSetter
    public void setMigration(List<String> migration) {
        this.migration = migration == null ? null : List.copyOf(migration);
    }

    public String getTimeout() {
        return timeout;
    }

    /** @param timeout bound on the restore (default 25m) */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = fixEmpty(timeout);
    }

    @Override
    public StepCall call() {
        return new DatabaseCalls.Restore(database, backup, before, expectTables, migration == null ? null : new ArrayList<>(migration), timeout);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smRestoreDb", "Restore a database from a backup", true);
        }
    }
}
