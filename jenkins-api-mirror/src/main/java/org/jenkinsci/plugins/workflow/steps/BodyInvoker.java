package org.jenkinsci.plugins.workflow.steps;

/** Mirror (jenkins-api.md §3.6): starts a block step's body, with a callback for its end. */
public abstract class BodyInvoker {
    public abstract BodyInvoker withCallback(BodyExecutionCallback callback);

    public abstract BodyExecution start();
}
