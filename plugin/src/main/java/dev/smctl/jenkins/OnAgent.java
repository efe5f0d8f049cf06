package dev.smctl.jenkins;

import dev.smctl.jenkins.work.WorkspaceJob;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import jenkins.MasterToSlaveFileCallable;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;

/**
 * Carries a job to the agent that holds the workspace and runs it there, logging to the build through the
 * listener. Only the job (own records of Strings, bytes and lists), the listener and the result cross the channel;
 * the plugin's classes and core load on the agent from the controller.
 */
final class OnAgent<T extends Serializable> extends MasterToSlaveFileCallable<T> {
    private static final long serialVersionUID = 1L;

    private final WorkspaceJob<T> job;
    private final TaskListener listener;

    OnAgent(WorkspaceJob<T> job, TaskListener listener) {
        this.job = job;
        this.listener = listener;
    }

    @Override
    public T invoke(File workspace, VirtualChannel channel) throws IOException {
        Files.createDirectories(workspace.toPath());
        return job.run(workspace.toPath(), listener.getLogger());
    }
}
