package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;

import java.io.IOException;
import java.io.Serializable;

/** Mirror (jenkins-api.md §3.3): where a running step reads its build, log and workspace, and reports its end. */
public abstract class StepContext implements FutureCallback<Object>, Serializable {
    public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;

    public abstract BodyInvoker newBodyInvoker() throws IllegalStateException;
}
