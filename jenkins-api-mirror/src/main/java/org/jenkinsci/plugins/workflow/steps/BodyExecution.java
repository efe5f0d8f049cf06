package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;
import java.util.concurrent.Future;

/** Mirror (jenkins-api.md §3.6): a running body; {@link #cancel(Throwable)} stops what runs inside it. */
public abstract class BodyExecution implements Future<Object>, Serializable {
    public boolean cancel(Throwable t) {
        throw new UnsupportedOperationException();
    }
}
