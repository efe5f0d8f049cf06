package dev.smctl.jenkins;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.jenkins.work.BuildAudit;
import dev.smctl.jenkins.work.RecordsJob;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

import java.util.Map;

/**
 * {@code smWriteRecords} (docs/pipeline-steps.md): puts the build's records into the workspace for
 * {@code archiveArtifacts}: {@code smctl/audit.jsonl} and its head file (copies of the build's audit log), the
 * post-mortem draft {@code smctl/postmortem.md} and the incident report {@code smctl/report.html}.
 */
public final class SmWriteRecordsStep extends Step {
    private final String runbook;

    @DataBoundConstructor
    public SmWriteRecordsStep(String runbook) {
        this.runbook = SmStep.fixEmpty(runbook);
    }

    public String getRunbook() {
        return runbook;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new OnBuild(this::write, context);
    }

    /** Reads the build's log on the controller, writes the files on the agent that holds the workspace. */
    private Map<String, Object> write(StepContext context) throws Exception {
        RecordsJob job;
        try {
            job = RecordsJob.of(runbook, BuildAudit.of(context.get(Run.class).getRootDir()));
        } catch (InvalidRequest e) {
            throw new AbortException(e.getMessage());
        }
        return context.get(FilePath.class).act(new OnAgent<>(job, context.get(TaskListener.class)));
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smWriteRecords", "Write the build's audit log, post-mortem draft and report into the workspace", true);
        }
    }
}
