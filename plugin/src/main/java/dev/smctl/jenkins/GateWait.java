package dev.smctl.jenkins;

import hudson.AbortException;
import org.jenkinsci.plugins.workflow.steps.BodyExecution;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run waiting for people at a gate ({@code smUntilAlertResolves}): while its block runs, the run is registered
 * as waiting, and a resolution of its alert cancels the block, which is only the {@code input} question: nothing
 * that changes anything is ever inside it, and a run that began changing things is never registered
 * ({@link dev.smctl.jenkins.work.RunsByIncident}). Everything here runs on the CPS VM thread and is in memory.
 *
 * <p>Survives a controller restart with the Pipeline: the body is saved with it and registered again on resume;
 * a resolution that came while the controller was down is read from the cluster by the run's next
 * {@code smIncidentState}.
 */
final class GateWait extends StepExecution {
    private static final long serialVersionUID = 1L;

    /** The build's incident, or {@code null} when no alert started the build (then the block just runs). */
    private final String correlationId;
    private volatile BodyExecution body;

    GateWait(StepContext context, String correlationId) {
        super(context);
        this.correlationId = correlationId;
    }

    @Override
    public boolean start() {
        body = getContext().newBodyInvoker().withCallback(new Ended(correlationId)).start();
        register();
        return false;
    }

    @Override
    public void onResume() {
        if (body != null) {
            register();
        }
    }

    /** The build was aborted or an enclosing timeout fired: the block ends with that cause, as if it were the step. */
    @Override
    public void stop(Throwable cause) throws Exception {
        if (body == null) {
            getContext().onFailure(cause);
        } else {
            body.cancel(cause);
        }
    }

    private void register() {
        if (correlationId != null && !SmAlertReceiverAction.get().runs().awaitAtGate(correlationId, this::wake)) {
            wake();
        }
    }

    private void wake() {
        body.cancel(new AbortException("the alert that started this run resolved while the gate waited"));
    }

    static Map<String, Object> result(boolean resolved, Object value) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("resolved", resolved);
        result.put("value", value);
        return result;
    }

    /** How the block ended: a resolution meanwhile turns any ending into {@code resolved: true}. */
    static final class Ended extends BodyExecutionCallback {
        private static final long serialVersionUID = 1L;
        private final String correlationId;

        Ended(String correlationId) {
            this.correlationId = correlationId;
        }

        private boolean resolved() {
            return correlationId != null && SmAlertReceiverAction.get().runs().leaveGate(correlationId);
        }

        @Override
        public void onSuccess(StepContext context, Object value) {
            context.onSuccess(result(resolved(), value));
        }

        @Override
        public void onFailure(StepContext context, Throwable failure) {
            if (resolved()) {
                context.onSuccess(result(true, null));
            } else {
                context.onFailure(failure);
            }
        }
    }
}
