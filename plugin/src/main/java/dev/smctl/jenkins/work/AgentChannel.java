package dev.smctl.jenkins.work;

import java.io.IOException;

/** How a job reaches the agent: in Jenkins, the workspace's remoting channel. */
@FunctionalInterface
public interface AgentChannel {
    AgentResult send(AgentJob job) throws IOException, InterruptedException;
}
