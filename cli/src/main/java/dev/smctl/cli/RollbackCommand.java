package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Durations;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Target;
import dev.smctl.k8s.RollbackRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URI;

@Command(name = "rollback",
        description = {
                "Roll a Deployment back to an earlier revision, as 'kubectl rollout undo' does, then wait for the rollout.",
                "Takes a lock on the Deployment, refuses if it changed since it was planned, records who asked and why",
                "as its change-cause and in the audit log."},
        footer = {"", "Examples:",
                "  smctl rollback backend -n production --dry-run",
                "  smctl rollback backend -n production --to-revision 4 --reason 'P0-01: 2.4.0 crash-loops'",
                "  smctl rollback backend -n production --health-url https://api.example.com/health -o json",
                "", "Exit codes: 0 succeeded or skipped, 1 failed, 2 invalid request, 3 refused (see smctl --help)."})
final class RollbackCommand extends ActionCommand {
    @Parameters(paramLabel = "DEPLOYMENT", description = "The Deployment to roll back.")
    String name;

    @Option(names = "--to-revision", paramLabel = "N", description = "Revision to go back to (default 0: the previous one).")
    long toRevision;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "How long to wait for the rollout, e.g. 90s, 5m (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--health-url", paramLabel = "URL", description = "Probe this URL after the rollout; 2xx means healthy.")
    URI healthUrl;

    @Option(names = "--health-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long the health URL may take to answer 2xx (default: ${DEFAULT-VALUE}).")
    String healthTimeout;

    @Override
    ActionResult act(Remediation remediation, String namespace, Invocation invocation, Progress progress) {
        RollbackRequest request = new RollbackRequest(Target.deployment(namespace, name), toRevision, Durations.parse(timeout),
                healthUrl, Durations.parse(healthTimeout));
        return remediation.rollback(request, invocation, progress);
    }
}
