package dev.smctl.cli;

import dev.smctl.alerts.AlertCause;
import dev.smctl.alerts.RemediationRequest;
import dev.smctl.alerts.RemediationScheduler;

import java.io.PrintWriter;

/**
 * What {@code smctl alerts serve} does with a remediation while the runbook executor is being written: prints the
 * run it would start, with every job parameter, so the on-call engineer can start it by hand. The receiver audits
 * the decision.
 */
final class LogOnlyScheduler implements RemediationScheduler {
    private final PrintWriter err;

    LogOnlyScheduler(PrintWriter err) {
        this.err = err;
    }

    @Override
    public String schedule(RemediationRequest request) {
        synchronized (err) {
            err.printf("[alerts] %s: start runbook %s%s with %s (not started: smctl runs no runbook from alerts yet)%n",
                    request.cause().shortDescription(), request.runbook(), request.gated() ? " behind an approval" : "", request.jobParameters());
            err.flush();
        }
        return "printed for the on-call engineer (correlation id %s); not started".formatted(request.correlationId());
    }

    @Override
    public boolean cancelWaiting(String correlationId, AlertCause cause) {
        synchronized (err) {
            err.printf("[alerts] alert %s resolved: the run for %s was never started here, nothing to cancel%n", cause.alertname(), correlationId);
            err.flush();
        }
        return false;
    }
}
