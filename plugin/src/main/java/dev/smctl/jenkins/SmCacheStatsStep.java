package dev.smctl.jenkins;

import dev.smctl.jenkins.work.CacheCalls;
import dev.smctl.jenkins.work.StepCall;
import hudson.Extension;
import org.kohsuke.stapler.DataBoundConstructor;

/** {@code smCacheStats} (docs/pipeline-steps.md): P1-01, read-only: the cache's hit rate from INFO stats and its key count. */
public final class SmCacheStatsStep extends SmCacheStep {
    @DataBoundConstructor
    public SmCacheStatsStep() {
    }

    @Override
    public StepCall call() {
        return new CacheCalls.Stats();
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smCacheStats", "Show the cache's hit rate", true);
        }
    }
}
