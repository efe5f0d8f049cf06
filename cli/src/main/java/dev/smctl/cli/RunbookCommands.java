package dev.smctl.cli;

import dev.smctl.runbook.Runbook;
import dev.smctl.runbook.RunbookLoader;
import dev.smctl.runbook.RunbookPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code smctl runbook list|show}: the runbook definitions, as Jenkins and the documentation read them. */
@Command(name = "runbook", description = "The runbook definitions (resources/smctl/runbooks): one per incident of runbook.md.",
        subcommands = {RunbookCommands.ListRunbooks.class, RunbookCommands.Show.class, RunbookCommands.Plan.class, RunbookRunCommand.class,
                GateAnswerCommand.Approve.class, GateAnswerCommand.Reject.class})
final class RunbookCommands extends GroupCommand {

    @Command(name = "list", description = "Every runbook: id, severity, title, steps.")
    static final class ListRunbooks implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-6s %-8s %-32s %s%n", "ID", "SEVERITY", "TITLE", "STEPS");
            for (Runbook runbook : RunbookLoader.all()) {
                out.printf("%-6s %-8s %-32s %s%n", runbook.id(), runbook.severity(), runbook.title(),
                        String.join(" -> ", runbook.steps().stream().map(Runbook.Step::id).toList()));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "One runbook: parameters, steps with their gates, evidence, status-page texts.",
            footer = {"", "Example:", "  smctl runbook show P0-02"})
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The runbook, e.g. P0-02.")
        String id;

        @Override
        public Integer call() {
            Runbook runbook = RunbookLoader.find(id);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s %s (severity %s%s), version %d%n", runbook.id(), runbook.title(), runbook.severity(),
                    runbook.rto() == null ? "" : ", RTO " + runbook.rto(), runbook.version());
            out.printf("Signals: %s%n%nParameters:%n", String.join("; ", runbook.signals()));
            runbook.parameters().forEach(p -> out.printf("  %-14s %-10s %s%s%n", p.name(), p.type(),
                    p.defaultValue() == null ? (p.isRequired() ? "(required)" : "(optional)") : "default " + p.defaultValue(),
                    p.description() == null ? "" : "  " + p.description()));
            out.printf("%nSteps:%n");
            int number = 0;
            for (Runbook.Step step : runbook.steps()) {
                Runbook.Gate gate = step.gate() == null ? null : runbook.gates().get(step.gate());
                out.printf("  %d. %-16s %-18s %s%s%s%n", ++number, step.id(), step.action(), step.with(),
                        step.when() == null ? "" : " when " + step.when(),
                        gate == null ? "" : "  [gate %s: %d of %s, expires %s%s]".formatted(step.gate(), gate.minApprovals(), gate.approvers(),
                                gate.expires(), gate.commentRequired() ? ", comment required" : ""));
            }
            out.printf("%nEvidence: %s%nStatus page (every %s):%n", runbook.evidence(), runbook.updateEvery());
            runbook.statusPage().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> out.printf("  %-13s %s%n", e.getKey(), e.getValue()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "plan", description = "The exact steps, arguments and gates a run would go through with these parameters. Changes nothing.",
            footer = {"", "Example:", "  smctl runbook plan P0-02 -p before=2026-11-28T03:10:00Z"})
    static final class Plan implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The runbook, e.g. P0-02.")
        String id;

        @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A runbook parameter (repeatable).")
        java.util.Map<String, String> parameters = new java.util.LinkedHashMap<>();

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(RunbookPlan.of(RunbookLoader.find(id), parameters).render());
            return ExitCodes.OK;
        }
    }
}
