package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Durations;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Target;
import dev.smctl.k8s.Workloads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restart",
        description = "Restart every pod of a Deployment, as 'kubectl rollout restart' does, and wait for the rollout.",
        footer = {"", "Example:", "  smctl restart deployment/backend -n production --reason 'P1-02: websocket disconnects'"})
final class RestartCommand extends ActionCommand {
    @Parameters(paramLabel = "DEPLOYMENT", description = "deployment/NAME or NAME.")
    String workload;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", description = "How long to wait for the rollout (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    ActionResult act(Remediation remediation, String namespace, Invocation invocation, Progress progress) {
        Target target = Workloads.parse(workload, namespace, "deployment");
        if (!target.kind().equals("deployment")) {
            throw new InvalidRequest("restart works on a deployment; for a statefulset pod use 'smctl pod delete'");
        }
        return remediation.restart(target, Durations.parse(timeout), invocation, progress);
    }
}
