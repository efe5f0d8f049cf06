package dev.smctl.jenkins;

import dev.smctl.jenkins.work.DatabaseCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smRestoreDb} (docs/pipeline-steps.md): P0-02: restores into a new database, checks it, then swaps it in; the damaged one is kept. Never in place. */
public final class SmRestoreDbStep extends SmOneDatabaseStep {
    private String backup;
    private String before;
    private String expectTables;
    private String verifySql;
    private String migration;
    private String timeout;

    @DataBoundConstructor
    public SmRestoreDbStep() {
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

    public String getVerifySql() {
        return verifySql;
    }

    /** @param verifySql a query that must return true on the restored copy before it is swapped in */
    @DataBoundSetter
    public void setVerifySql(String verifySql) {
        this.verifySql = fixEmpty(verifySql);
    }

    public String getMigration() {
        return migration;
    }

    /** @param migration a command run on the copy before the swap, one line split on spaces (no shell) */
    @DataBoundSetter
    public void setMigration(String migration) {
        this.migration = fixEmpty(migration);
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
        return new DatabaseCalls.Restore(getDatabase(), backup, before, expectTables, verifySql, migration, timeout);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smRestoreDb", "Restore a database from a backup", true);
        }
    }
}
