package dev.smctl.jenkins;

import dev.smctl.jenkins.work.CacheCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** {@code smFlushCache} (docs/pipeline-steps.md): P1-01: FLUSHDB of the configured cache database, and of no other. */
public final class SmFlushCacheStep extends SmCacheStep {
    private String db;

    @DataBoundConstructor
    public SmFlushCacheStep() {
    }

    public String getDb() {
        return db;
    }

    /** @param db the database index as text; refused unless it is the one {@code redis} names */
    @DataBoundSetter
    public void setDb(String db) {
        this.db = fixEmpty(db);
    }

    @Override
    public StepCall call() {
        return new CacheCalls.Flush(db);
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smFlushCache", "Flush the cache", true);
        }
    }
}
