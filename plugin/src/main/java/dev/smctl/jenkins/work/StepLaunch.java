package dev.smctl.jenkins.work;

import dev.smctl.Remediation;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Status;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Set;

/**
 * The one path every step takes: resolve its settings (defaults, credentials), run its call where it belongs,
 * and hand back a masked outcome whose records are in the build's audit log. The Jenkins execution only gathers
 * the build, the log and the workspace for it and turns a failed outcome into an AbortException.
 */
public final class StepLaunch {
    private final SettingsResolver resolver;
    private final Requester requester;
    private final AuditLog buildLog;
    private final PrintStream out;
    private final Remediation.Settings timing;

    public StepLaunch(Defaults defaults, CredentialLookup credentials, Requester requester, AuditLog buildLog, PrintStream out,
                      Remediation.Settings timing) {
        this.resolver = new SettingsResolver(defaults, credentials);
        this.requester = requester;
        this.buildLog = buildLog;
        this.out = out;
        this.timing = timing;
    }

    /** Kubernetes steps: in the controller, recorded straight into the build's log. */
    public StepOutcome onController(String function, CommonArguments arguments, StepCall call) {
        StepSettings settings;
        try {
            settings = resolver.resolve(function, arguments, requester);
        } catch (InvalidRequest e) {
            return notStarted(function, e);
        }
        return StepRunner.onController(call, settings, buildLog, out, timing);
    }

    /**
     * Database steps: on the agent that holds the workspace. A lost agent connection fails the step with what to
     * check: the agent may have changed the database before the connection dropped, and its records are lost.
     */
    public StepOutcome onAgent(String function, CommonArguments arguments, StepCall call, AgentChannel channel) throws InterruptedException {
        StepSettings settings;
        try {
            settings = resolver.resolve(function, arguments, requester);
        } catch (InvalidRequest e) {
            return notStarted(function, e);
        }
        try {
            return BuildAudit.onAgent(new AgentJob(call, settings, timing.pollInterval()), buildLog, channel);
        } catch (IOException e) {
            MaskedLog log = new MaskedLog(out, function, settings.secrets());
            String message = log.mask(("lost the agent while %s ran (%s): its change may or may not have been made and its audit records are lost; "
                    + "check the database and the backup store, then run the step again with dryRun: true").formatted(function, e.getMessage()));
            log.line(message);
            return StepOutcome.notStarted(Status.FAILED, Status.FAILED.exitCode(), message);
        }
    }

    private StepOutcome notStarted(String function, InvalidRequest e) {
        new MaskedLog(out, function, Set.of()).line("refused: " + e.getMessage());
        return StepOutcome.notStarted(Status.REFUSED, 2, e.getMessage());
    }
}
