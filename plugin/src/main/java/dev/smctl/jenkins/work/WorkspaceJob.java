package dev.smctl.jenkins.work;

import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Work sent to the agent that holds the build's workspace, where the data is: the job and what it returns cross
 * the remoting channel, so both are Serializable and free of Jenkins types.
 */
public interface WorkspaceJob<T extends Serializable> extends Serializable {
    /** @param workspace the build's workspace on this agent; @param out the build log */
    T run(Path workspace, PrintStream out);
}
