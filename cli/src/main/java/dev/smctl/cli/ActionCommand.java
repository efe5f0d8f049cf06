package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Gate;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Progress;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * What every changing command shares: cluster access, who and why, the audit log, the engine, the printer and
 * the exit code. A subcommand only turns its options into one engine call.
 */
abstract class ActionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    RunOptions run;

    /** One call into the engine; names are validated here, before any request is sent. */
    abstract ActionResult act(Remediation remediation, String namespace, Invocation invocation, Progress progress);

    @Override
    public Integer call() {
        Config config = cluster.config();
        String namespace = cluster.namespace(config);
        AuditLog audit = run.auditLog();
        try (KubernetesClient client = cluster.connect(config)) {
            Remediation remediation = new Remediation(client, audit, Gate.NONE, Remediation.Settings.defaults());
            ActionResult result = act(remediation, namespace, run.invocation(), Progress.printingTo(spec.commandLine().getErr()));
            ResultPrinter.print(result, audit.file(), run.output, spec.commandLine().getOut());
            return result.auditRecordId() == null ? ExitCodes.FAILED : result.exitCode();
        }
    }
}
