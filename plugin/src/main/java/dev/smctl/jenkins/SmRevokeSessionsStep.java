package dev.smctl.jenkins;

import dev.smctl.jenkins.work.DatabaseCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smRevokeSessions} (docs/pipeline-steps.md): P0-03: deletes every session and refresh token, so every login must start again. */
public final class SmRevokeSessionsStep extends SmOneDatabaseStep {
    private String tables;

    @DataBoundConstructor
    public SmRevokeSessionsStep() {
    }

    public String getTables() {
        return tables;
    }

    /** @param tables the session tables, comma-separated (default sessions,refresh_tokens) */
    @DataBoundSetter
    public void setTables(String tables) {
        this.tables = fixEmpty(tables);
    }

    @Override
    public StepCall call() {
        return new DatabaseCalls.RevokeSessions(getDatabase(), tables);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smRevokeSessions", "Revoke every session and refresh token", true);
        }
    }
}
