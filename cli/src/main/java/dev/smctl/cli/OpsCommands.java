package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Durations;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Target;
import dev.smctl.k8s.IngressAnnotate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The single-object mitigations: pod delete, ingress annotate, maintenance on|off, backup-job. */
final class OpsCommands {
    private OpsCommands() {
    }

    @Command(name = "pod", description = "Pod actions.", subcommands = PodDelete.class, mixinStandardHelpOptions = true)
    static final class Pod extends GroupCommand {
    }

    @Command(name = "delete",
            description = {"Delete a pod so that its controller recreates it (P0-01 B: postgres-0 is down), and wait until the",
                    "replacement is ready. Refuses a pod that nothing would recreate."},
            footer = {"", "Example:", "  smctl pod delete postgres-0 -n production --reason 'P0-01 B: database pod hung'"})
    static final class PodDelete extends ActionCommand {
        @Parameters(paramLabel = "POD", description = "The pod.")
        String pod;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", description = "How long to wait for the replacement (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Override
        ActionResult act(Remediation remediation, String namespace, Invocation invocation, Progress progress) {
            return remediation.deletePod(new Target("pod", namespace, pod), Durations.parse(timeout), invocation, progress);
        }
    }

    @Command(name = "ingress", description = "Ingress actions.", subcommands = IngressAnnotateCommand.class, mixinStandardHelpOptions = true)
    static final class Ingress extends GroupCommand {
    }

    @Command(name = "annotate",
            description = {"Set KEY=VALUE, or remove KEY-, on an ingress; only allowlisted annotations (the NGINX proxy timeouts",
                    "and body size). The value it replaces is recorded and the way back printed."},
            footer = {"", "Example:", "  smctl ingress annotate secure-messenger -n production nginx.ingress.kubernetes.io/proxy-read-timeout=3600"})
    static final class IngressAnnotateCommand extends ActionCommand {
        @Parameters(index = "0", paramLabel = "INGRESS", description = "The ingress.")
        String ingress;

        @Parameters(index = "1", paramLabel = "KEY=VALUE|KEY-", description = "The annotation to set, or to remove with a trailing '-'.")
        String assignment;

        @Override
        ActionResult act(Remediation remediation, String namespace, Invocation invocation, Progress progress) {
            return remediation.annotateIngress(IngressAnnotate.Request.parse(new Target("ingress", namespace, ingress), assignment),
                    invocation, progress);
        }
    }

    @Command(name = "maintenance",
            description = {"Maintenance mode: 'on' puts the maintenance page (resources/smctl/maintenance.yaml) behind a Service,",
                    "'off' restores the Service's own selector exactly."},
            footer = {"", "Examples:", "  smctl maintenance on backend -n production --reason 'P0-02: restore in progress'",
                    "  smctl maintenance off backend -n production"})
    static final class Maintenance extends ActionCommand {
        @Parameters(index = "0", paramLabel = "on|off", description = "on or off.")
        OnOff mode;

        @Parameters(index = "1", paramLabel = "SERVICE", defaultValue = "backend", description = "The Service (default: ${DEFAULT-VALUE}).")
        String service;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m", description = "How long to wait for ready pods behind it (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Override
        ActionResult act(Remediation remediation, String namespace, Invocation invocation, Progress progress) {
            return remediation.maintenance(new Target("service", namespace, service), mode.on(), Durations.parse(timeout), invocation, progress);
        }
    }

    @Command(name = "backup-job",
            description = {"Run a backup now (P2-01): a Job from the CronJob, as 'kubectl create job --from=cronjob/NAME' makes it,",
                    "followed to completion within --timeout; prints its last log lines."},
            footer = {"", "Example:", "  smctl backup-job postgres-backup -n production --reason 'P2-01: BackupFailed'"})
    static final class BackupJob extends ActionCommand {
        @Parameters(paramLabel = "CRONJOB", defaultValue = "postgres-backup", description = "The CronJob (default: ${DEFAULT-VALUE}).")
        String cronJob;

        @Option(names = "--job-name", paramLabel = "NAME", description = "Name of the Job (default: CRONJOB-manual-TIME).")
        String jobName;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", description = "How long the backup may take (default: ${DEFAULT-VALUE}).")
        String timeout;

        @Option(names = "--lines", paramLabel = "N", defaultValue = "50", description = "Log lines to report (default: ${DEFAULT-VALUE}).")
        int lines;

        @Override
        ActionResult act(Remediation remediation, String namespace, Invocation invocation, Progress progress) {
            return remediation.backupJob(new Target("cronjob", namespace, cronJob), jobName, Durations.parse(timeout), lines, invocation, progress);
        }
    }
}
