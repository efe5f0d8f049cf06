package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Descriptor;

import java.util.Set;

/** Mirror (jenkins-api.md §3.2): getFunctionName() names the step; required context is checked before start. */
public abstract class StepDescriptor extends Descriptor<Step> {
    public abstract Set<? extends Class<?>> getRequiredContext();

    public abstract String getFunctionName();

    public boolean takesImplicitBlockArgument() {
        throw new UnsupportedOperationException();
    }
}
