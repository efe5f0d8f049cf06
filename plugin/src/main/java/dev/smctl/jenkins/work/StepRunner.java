package dev.smctl.jenkins.work;

import dev.smctl.Remediation;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Failures;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Status;

import java.io.PrintStream;

/**
 * Runs one step's call the same way wherever it runs: errors before the engine (a bad argument, credentials
 * that cannot be used) become a result like the engine's own refusals, every value and message is masked, and
 * the build log ends with one line saying how it went.
 */
public final class StepRunner {
    private StepRunner() {
    }

    /** On the controller: Kubernetes steps, recorded straight into the build's audit log. */
    public static StepOutcome onController(StepCall call, StepSettings settings, AuditLog buildLog, PrintStream out, Remediation.Settings timing) {
        MaskedLog log = new MaskedLog(out, settings.function(), settings.secrets());
        try (Scope scope = new Scope(settings, buildLog, log, timing, null)) {
            return run(call, scope, log);
        }
    }

    static StepOutcome run(StepCall call, Scope scope, MaskedLog log) {
        StepOutcome outcome;
        try {
            outcome = call.run(scope);
        } catch (InvalidRequest e) {
            outcome = StepOutcome.notStarted(Status.REFUSED, 2, e.getMessage());
        } catch (Refused e) {
            outcome = StepOutcome.notStarted(Status.REFUSED, Status.REFUSED.exitCode(), e.getMessage());
        } catch (RuntimeException e) {
            outcome = StepOutcome.notStarted(Status.FAILED, Status.FAILED.exitCode(), Failures.describe(e));
        }
        StepOutcome masked = outcome.masked(log);
        log.line("%s: %s".formatted(masked.values().get("status"), masked.message()));
        return masked;
    }
}
