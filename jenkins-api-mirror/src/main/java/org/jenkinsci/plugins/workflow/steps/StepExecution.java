package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;

import java.io.Serializable;

/** Mirror (jenkins-api.md §3.4): a running step, saved with the Pipeline program across controller restarts. */
public abstract class StepExecution implements Serializable {
    protected StepExecution(@NonNull StepContext context) {
    }

    public @NonNull StepContext getContext() {
        throw new UnsupportedOperationException();
    }

    public abstract boolean start() throws Exception;

    public void stop(@NonNull Throwable cause) throws Exception {
        throw new UnsupportedOperationException();
    }

    public void onResume() {
        throw new UnsupportedOperationException();
    }
}
