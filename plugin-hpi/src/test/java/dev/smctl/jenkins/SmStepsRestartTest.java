package dev.smctl.jenkins;

import hudson.model.Result;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A controller restart while a step waits: the step is not run again and fails with what to check. The health
 * check against an address nobody answers keeps the step busy for its whole timeout. -Pjenkins only.
 */
class SmStepsRestartTest {
    @RegisterExtension
    static JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void aStepInterruptedByARestartFailsAndIsNotRunAgain() throws Throwable {
        sessions.then(j -> {
            WorkflowJob job = j.jenkins.createProject(WorkflowJob.class, "p");
            job.setDefinition(new CpsFlowDefinition("smHealthCheck url: 'http://127.0.0.1:9/health', timeout: '10m'", true));
            WorkflowRun build = job.scheduleBuild2(0).waitForStart();
            j.waitForMessage("[smHealthCheck] [wait]", build);
        });
        sessions.then(j -> {
            WorkflowRun build = j.jenkins.getItemByFullName("p", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatus(Result.FAILURE, j.waitForCompletion(build));
            j.assertLogContains("smHealthCheck was interrupted by a restart of the Jenkins controller and was NOT run again", build);
        });
    }
}
