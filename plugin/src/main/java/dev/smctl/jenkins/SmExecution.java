package dev.smctl.jenkins;

import dev.smctl.Remediation;
import dev.smctl.jenkins.work.BuildAudit;
import dev.smctl.jenkins.work.Interruption;
import dev.smctl.jenkins.work.StepLaunch;
import dev.smctl.jenkins.work.StepOutcome;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

import java.time.Instant;
import java.util.Map;

/**
 * Runs any sm* step off the CPS thread: gathers the build, its log and workspace, hands them to
 * {@link StepLaunch}, attaches the build's audit page, and fails the step with the outcome's one-line message
 * unless {@code failOnError: false}. One execution class serves every step: they differ only in their call.
 *
 * <p>Not resumable, on purpose: after a controller restart {@link #onResume()} fails the step with what to check,
 * and never runs it again (see {@link Interruption}). Only Strings survive in program.dat.
 */
final class SmExecution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
    private static final long serialVersionUID = 1L;

    /** The step lives in this process only; after a restart there is nothing to run. */
    private final transient SmStep step;
    private final String function;
    private final String call;
    private final String started;

    SmExecution(SmStep step, StepContext context) {
        super(context);
        this.step = step;
        this.function = step.getDescriptor().getFunctionName();
        this.call = step.call().toString();
        this.started = Instant.now().toString();
    }

    @Override
    protected Map<String, Object> run() throws Exception {
        Run<?, ?> run = getContext().get(Run.class);
        TaskListener listener = getContext().get(TaskListener.class);
        StepLaunch launch = new StepLaunch(SmctlConfiguration.get().defaults(), new RunCredentials(run), RunRequester.of(run),
                BuildAudit.of(run.getRootDir()), listener.getLogger(), Remediation.Settings.defaults());
        StepOutcome outcome;
        if (step.runsOnAgent()) {
            FilePath workspace = getContext().get(FilePath.class);
            outcome = launch.onAgent(function, step.common(), step.call(), job -> workspace.act(new OnAgent<>(job, listener)));
        } else {
            outcome = launch.onController(function, step.common(), step.call());
        }
        SmAuditAction.showOn(run);
        if (outcome.failed() && step.isFailOnError()) {
            throw new AbortException(outcome.message());
        }
        return outcome.values();
    }

    @Override
    public void onResume() {
        getContext().onFailure(new AbortException(Interruption.message(function, call, started)));
    }

}
