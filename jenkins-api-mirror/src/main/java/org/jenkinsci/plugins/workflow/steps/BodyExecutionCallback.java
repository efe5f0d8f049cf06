package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

/** Mirror (jenkins-api.md §3.6): told how a body ended, on the CPS VM thread. */
public abstract class BodyExecutionCallback implements Serializable {
    public abstract void onSuccess(StepContext context, Object result);

    public abstract void onFailure(StepContext context, Throwable t);
}
