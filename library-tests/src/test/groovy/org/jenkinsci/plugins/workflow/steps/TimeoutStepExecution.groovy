package org.jenkinsci.plugins.workflow.steps

/** Test stand-in for workflow-basic-steps' timeout execution: only its cause of interruption. */
class TimeoutStepExecution {
    /** The cause a timeout step gives when it cancels its body. */
    static final class ExceededTimeout {
        final String nodeId = '7'
    }
}
