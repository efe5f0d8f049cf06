package dev.smctl.jenkins;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Refused;
import dev.smctl.jenkins.work.ApprovalDecision;
import dev.smctl.jenkins.work.BuildAudit;
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
 * {@code smApprovalDecision} (docs/pipeline-steps.md): records one answer at a runbook's gate, after Jenkins'
 * {@code input} step, and says whether it counted: the definition's policy (never the build's requester, never an
 * alert, distinct approvers, a comment when asked), every answer in the build's audit log.
 *
 * <p>Two checks, on purpose: the {@code input} step's {@code submitter} (the gate's people and group names, matched
 * against the security realm) decides who may answer at all, and this step counts an answer only if the definition
 * names its approver or the plugin's approver groups ({@link SmctlConfiguration#getApproverGroups()}) list them as a
 * member of a group the gate names. Jenkins lets administrators answer any {@code input}; the second check is what
 * keeps an administrator outside the gate's groups from counting.
 */
public final class SmApprovalDecisionStep extends Step {
    private final String runbook;
    private final String gate;
    private final String step;
    private final String decision;
    private String approver;
    private String comment;

    @DataBoundConstructor
    public SmApprovalDecisionStep(String runbook, String gate, String step, String decision) {
        this.runbook = SmStep.fixEmpty(runbook);
        this.gate = SmStep.fixEmpty(gate);
        this.step = SmStep.fixEmpty(step);
        this.decision = SmStep.fixEmpty(decision);
    }

    public String getRunbook() {
        return runbook;
    }

    public String getGate() {
        return gate;
    }

    public String getStep() {
        return step;
    }

    public String getDecision() {
        return decision;
    }

    public String getApprover() {
        return approver;
    }

    /** @param approver the Jenkins user id who answered ({@code input}'s {@code submitterParameter}) */
    @DataBoundSetter
    public void setApprover(String approver) {
        this.approver = SmStep.fixEmpty(approver);
    }

    public String getComment() {
        return comment;
    }

    /** @param comment why; required when the gate says so */
    @DataBoundSetter
    public void setComment(String comment) {
        this.comment = SmStep.fixEmpty(comment);
    }

    ApprovalDecision answer() {
        return new ApprovalDecision(runbook, gate, step, approver, comment, decision);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new OnBuild(this::decide, context);
    }

    private Map<String, Object> decide(StepContext context) throws Exception {
        Run<?, ?> run = context.get(Run.class);
        MaskedLog log = new MaskedLog(context.get(TaskListener.class).getLogger(), "smApprovalDecision", Set.of());
        Map<String, Object> result;
        try {
            result = answer().apply(BuildAudit.of(run.getRootDir()), SmctlConfiguration.get().approverDirectory(), RunRequester.of(run), Clock.systemUTC());
        } catch (InvalidRequest | Refused e) {
            log.line("refused: " + e.getMessage());
            throw new AbortException(e.getMessage());
        }
        SmAuditAction.showOn(run);
        log.line("gate %s, step %s, %s by %s: %s (%s of %s approvals)".formatted(gate, step, decision, approver == null ? "nobody" : approver,
                result.get("reason"), result.get("approvals"), result.get("needed")));
        return result;
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smApprovalDecision", "Record an answer at a runbook's approval gate", false);
        }
    }
}
