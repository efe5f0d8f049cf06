package dev.smctl.jenkins;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.jenkins.work.BuildAudit;
import dev.smctl.jenkins.work.IncidentState;
import dev.smctl.jenkins.work.MaskedLog;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * {@code smIncidentState} (docs/pipeline-steps.md): whether the alert that started this build has resolved, so
 * that the run ends before it changes anything ({@link IncidentState}). A build no alert started gets
 * {@code resolved: false}.
 */
public final class SmIncidentStateStep extends Step {
    private final String runbook;
    private final String step;
    private String changing;

    @DataBoundConstructor
    public SmIncidentStateStep(String runbook, String step) {
        this.runbook = SmStep.fixEmpty(runbook);
        this.step = SmStep.fixEmpty(step);
    }

    public String getRunbook() {
        return runbook;
    }

    public String getStep() {
        return step;
    }

    public String getChanging() {
        return changing;
    }

    /** @param changing {@code true} when {@code step} is the run's first changing step */
    @DataBoundSetter
    public void setChanging(String changing) {
        this.changing = SmStep.fixEmpty(changing);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new OnBuild(this::check, context);
    }

    private Map<String, Object> check(StepContext context) throws Exception {
        Run<?, ?> run = context.get(Run.class);
        MaskedLog log = new MaskedLog(context.get(TaskListener.class).getLogger(), "smIncidentState", Set.of());
        IncidentState state;
        try {
            state = IncidentState.of(runbook, step, changing);
        } catch (InvalidRequest e) {
            log.line("refused: " + e.getMessage());
            throw new AbortException(e.getMessage());
        }
        SmAlertReceiverAction receiver = SmAlertReceiverAction.get();
        AlertmanagerCause alert = run.getCause(AlertmanagerCause.class);
        Map<String, Object> result = state.apply(alert == null ? null : alert.incident(), receiver.runs(), receiver::resolution,
                BuildAudit.of(run.getRootDir()), RunRequester.of(run), Clock.systemUTC());
        if (Boolean.TRUE.equals(result.get("resolved"))) {
            SmAuditAction.showOn(run);
        }
        log.line("before step %s: %s".formatted(step, result.get("message")));
        return result;
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smIncidentState", "Check whether the alert that started this build has resolved", false);
        }
    }
}
