package dev.smctl.jenkins;

import org.kohsuke.stapler.DataBoundSetter;

/**
 * A database step that works on one database of the server: {@code database} names it, and left out it is the one
 * {@code databaseUrl} names. Steps about the whole server (sessions, statements) do not take it.
 */
public abstract class SmOneDatabaseStep extends SmDatabaseStep {
    private String database;

    public String getDatabase() {
        return database;
    }

    @DataBoundSetter
    public void setDatabase(String database) {
        this.database = fixEmpty(database);
    }
}
