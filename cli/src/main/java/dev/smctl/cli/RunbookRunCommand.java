package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.approval.ApprovalGate;
import dev.smctl.approval.ApprovalSource;
import dev.smctl.approval.GroupDirectory;
import dev.smctl.approval.PreApprovals;
import dev.smctl.approval.PromptApprovals;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Durations;
import dev.smctl.engine.Gate;
import dev.smctl.engine.Progress;
import dev.smctl.runbook.Runbook;
import dev.smctl.runbook.RunbookLoader;
import dev.smctl.runbook.RunbookOutcome;
import dev.smctl.runbook.RunbookPlan;
import dev.smctl.runbook.RunbookRun;
import dev.smctl.runbook.StepActions;
import dev.smctl.runbook.StepEnvironment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code smctl runbook run ID}: a whole runbook, gates and all, the way its Jenkins job runs it. */
@Command(name = "run", description = {
        "Run a runbook: its steps in order, each through the engine (lock, plan, execute, verify, record); each gate waits",
        "for its approvals (never the requester, never an alert) and the run ends as timed out when a gate expires.",
        "Approvals come from --approve (non-interactive) or, at a terminal, from a prompt a second person answers."},
        footer = {"", "Examples:",
                "  smctl runbook run P1-02 -n production -p readTimeout=3600 --groups approvers.yaml",
                "  smctl runbook run P0-02 -p before=2026-11-28T03:10:00Z --db-url postgresql://app@db:5432/securemessenger \\",
                "      --bucket sm-backups --approve destructive=bob:'INC-42 restore approved' --approve destructive=bob:'INC-42 go'"})
final class RunbookRunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    RunOptions run;

    @Parameters(paramLabel = "ID", description = "The runbook, e.g. P0-02 (see 'smctl runbook list').")
    String id;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A runbook parameter (repeatable); see 'smctl runbook show ID'.")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--definition", paramLabel = "FILE", description = "Run this definition file instead of the built-in one (it is validated the same way).")
    Path definition;

    @Option(names = "--approve", paramLabel = "GATE=NAME:COMMENT", description = "An approval given up front (repeatable; one per approval needed).")
    List<String> approvals = new ArrayList<>();

    @Option(names = "--prompt", description = "Ask for approvals at the terminal (the default at a terminal when no --approve is given).")
    boolean prompt;

    @Mixin
    StepOptions steps;

    @Override
    public Integer call() throws IOException {
        Runbook runbook = definition == null ? RunbookLoader.find(id) : loadFile();
        Config config = cluster.config();
        Map<String, String> given = new LinkedHashMap<>(parameters);
        given.putIfAbsent("namespace", cluster.namespace(config));
        RunbookPlan plan = RunbookPlan.of(runbook, given);
        if (run.dryRun) {
            spec.commandLine().getOut().print(plan.render());
            return ExitCodes.OK;
        }
        GroupDirectory directory = steps.groups();
        AuditLog audit = run.auditLog();
        Progress progress = Progress.printingTo(spec.commandLine().getErr());
        try (KubernetesClient client = cluster.connect(config)) {
            StepEnvironment environment = steps.environment(new Remediation(client, audit, Gate.NONE, Remediation.Settings.defaults()));
            RunbookRun runbookRun = new RunbookRun(plan, new StepActions(environment), new ApprovalGate(audit, directory, Clock.systemUTC()),
                    approvalSource(plan), audit, Clock.systemUTC(), progress);
            RunbookOutcome outcome = runbookRun.run(Actor.user(run.actor), run.reason, "smctl");
            Path postmortem = RunbookPrinter.draftPostmortem(audit, outcome);
            RunbookPrinter.print(outcome, audit.file(), postmortem, run.output, spec.commandLine().getOut());
            return outcome.exitCode();
        }
    }

    private Runbook loadFile() throws IOException {
        return RunbookLoader.load(definition.getFileName().toString(), Files.readString(definition, StandardCharsets.UTF_8));
    }

    private ApprovalSource approvalSource(RunbookPlan plan) {
        if (prompt || (approvals.isEmpty() && System.console() != null)) {
            return new PromptApprovals(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), spec.commandLine().getErr(),
                    Clock.systemUTC());
        }
        if (approvals.isEmpty()) {
            plan.steps().stream().flatMap(step -> step.gate().stream()).findFirst().ifPresent(gate -> spec.commandLine().getErr().printf(
                    "warning: no --approve given and no terminal to ask at: gate %s will wait until it expires (after %s) and end the run as timed out%n",
                    gate.gate(), Durations.format(gate.expires())));
        }
        return new PreApprovals(approvals, Clock.systemUTC());
    }
}
