package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Durations;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Progress;
import dev.smctl.k8s.Scale;
import dev.smctl.k8s.Workloads;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "scale",
        description = {"Scale a Deployment or StatefulSet, recording the count it had, and wait until the replicas are ready (or gone).",
                "--restore-previous puts back the count recorded by the last smctl scale, from any machine."},
        footer = {"", "Examples:",
                "  smctl scale deployment/backend -n production --replicas 0 --reason 'P0-03: isolate'",
                "  smctl scale deployment/backend -n production --restore-previous",
                "  smctl scale deployment/backend -n production --replicas 6 --reason 'P1-01: high latency'"})
final class ScaleCommand extends ActionCommand {
    @Parameters(paramLabel = "TYPE/NAME", description = "deployment/NAME or statefulset/NAME (a bare NAME is a Deployment).")
    String workload;

    @ArgGroup(multiplicity = "1")
    Count count;

    static final class Count {
        @Option(names = "--replicas", paramLabel = "N", description = "The count wanted (0 isolates).")
        Integer replicas;

        @Option(names = "--restore-previous", description = "Scale back to the count recorded by the last smctl scale.")
        boolean restorePrevious;
    }

    @Option(names = "--max-replicas", paramLabel = "N", defaultValue = "20", description = "Ceiling against typos (default: ${DEFAULT-VALUE}).")
    int maxReplicas;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", description = "How long to wait (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    ActionResult act(Remediation remediation, String namespace, Invocation invocation, Progress progress) {
        return remediation.scale(new Scale.Request(Workloads.parse(workload, namespace, "deployment"), count.replicas,
                count.restorePrevious, maxReplicas, Durations.parse(timeout)), invocation, progress);
    }
}
