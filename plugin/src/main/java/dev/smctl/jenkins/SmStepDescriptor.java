package dev.smctl.jenkins;

import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;

import java.util.Set;

/**
 * The descriptor every sm* step's nested {@code DescriptorImpl} extends: its Groovy name, its display name (an
 * imperative sentence) and the context it needs. Database steps need a workspace, which means "inside
 * {@code node {}}": Jenkins says so before the step starts.
 */
public abstract class SmStepDescriptor extends StepDescriptor {
    private final String functionName;
    private final String displayName;
    private final boolean needsWorkspace;

    protected SmStepDescriptor(String functionName, String displayName, boolean needsWorkspace) {
        this.functionName = functionName;
        this.displayName = displayName;
        this.needsWorkspace = needsWorkspace;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return needsWorkspace ? Set.of(Run.class, TaskListener.class, FilePath.class) : Set.of(Run.class, TaskListener.class);
    }
}
