package dev.smctl.jenkins;

import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

import java.util.Map;

/**
 * Runs a runbook step that is one quick call on the build (an approval answer, the records), off the CPS thread.
 * Not resumable, and it need not be: the call either finished before a restart or is simply run again.
 */
final class OnBuild extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    /** The step's work, given the build's context. */
    interface Work {
        Map<String, Object> run(StepContext context) throws Exception;
    }

    /** The step lives in this process only; after a restart there is nothing to run. */
    private final transient Work work;

    OnBuild(Work work, StepContext context) {
        super(context);
        this.work = work;
    }

    @Override
    protected Map<String, Object> run() throws Exception {
        return work.run(getContext());
    }
}
