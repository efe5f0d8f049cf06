package dev.smctl.jenkins;

import hudson.Extension;
import hudson.model.Run;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code smUntilAlertResolves { input(...) }} (docs/pipeline-steps.md): runs its block, a wait for people at a
 * gate, and cuts it short if the alert that started the build resolves meanwhile while the run has changed
 * nothing ({@link GateWait}). Returns {@code [resolved: boolean, value: <the block's value>]}.
 */
public final class SmUntilAlertResolvesStep extends Step {
    @DataBoundConstructor
    public SmUntilAlertResolvesStep() {
        // No arguments: the build's own cause names the alert.
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        Run<?, ?> run = context.get(Run.class);
        AlertmanagerCause alert = run.getCause(AlertmanagerCause.class);
        return new GateWait(context, alert == null || alert.incident() == null ? null : alert.incident().correlationId());
    }

    @Extension
    public static final class DescriptorImpl extends SmStepDescriptor {
        public DescriptorImpl() {
            super("smUntilAlertResolves", "Wait in the block until it ends or the alert that started this build resolves", false);
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }
    }
}
