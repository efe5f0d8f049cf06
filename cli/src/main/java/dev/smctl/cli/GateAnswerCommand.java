package dev.smctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.smctl.approval.GateAnswer;
import dev.smctl.audit.AuditLog;
import dev.smctl.engine.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code smctl runbook approve|reject RUN-ID GATE}: answers a gate of a run nobody watches at a terminal (one that
 * {@code smctl alerts serve} started), through the audit log both share. The waiting gate decides whether the
 * answer counts, with its own rules and groups, and this command prints its verdict.
 */
abstract class GateAnswerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN-ID", description = "The run, as 'smctl alerts serve' printed it (also in the audit log).")
    String runId;

    @Parameters(index = "1", paramLabel = "GATE", description = "The gate it waits at, e.g. on-call.")
    String gate;

    @Option(names = "--as", paramLabel = "NAME", required = true, description = "Who answers: one of the gate's approvers or of its groups.")
    String approver;

    @Option(names = "--comment", paramLabel = "TEXT", defaultValue = "", description = "Why (most gates require one).")
    String comment;

    @Option(names = "--audit-log", paramLabel = "FILE", defaultValue = "sm-out/audit.jsonl",
            description = "The audit log the run writes to, the one 'smctl alerts serve --audit-log' names (default: ${DEFAULT-VALUE}).")
    Path auditLog;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "15s",
            description = "How long to wait for the gate's verdict (default: ${DEFAULT-VALUE}); the gate reads answers every second.")
    String wait;

    abstract boolean approve();

    @Override
    public Integer call() throws InterruptedException {
        Clock clock = Clock.systemUTC();
        AuditLog log = new AuditLog(auditLog);
        GateAnswer waiting = GateAnswer.waitingAt(log, runId, gate, clock);
        String answerId = waiting.submit(log, approver, System.getProperty("user.name"), approve(), comment, clock);
        Optional<JsonNode> verdict = waiting.verdict(log, answerId, Durations.parse(wait));
        PrintWriter out = spec.commandLine().getOut();
        if (verdict.isEmpty()) {
            spec.commandLine().getErr().printf("error: your answer is recorded but gate %s of run %s gave no verdict within %s: is the 'smctl alerts serve' "
                    + "that runs it still running, on audit log %s?%n", gate, runId, wait, log.file());
            return ExitCodes.FAILED;
        }
        String outcome = verdict.get().path("outcome").asText();
        String message = verdict.get().path("message").asText();
        if (outcome.equals("refused")) {
            spec.commandLine().getErr().printf("refused: %s%n", message);
            return ExitCodes.REFUSED;
        }
        out.printf("%s %s at gate %s of run %s (%s step %s): %s%n", approver, outcome, gate, runId, waiting.runbook(), waiting.step(), message);
        return ExitCodes.OK;
    }

    @Command(name = "approve", description = {"Approve a gate a run waits at (a run 'smctl alerts serve' started): the waiting gate checks the",
            "answer (never the requester, never an alert, only its approvers or their groups) and records it; this prints its verdict."},
            footer = {"", "Example:", "  smctl runbook approve 3f2c7a9e-... on-call --as bob --comment 'INC-42: restart approved'"})
    static final class Approve extends GateAnswerCommand {
        @Override
        boolean approve() {
            return true;
        }
    }

    @Command(name = "reject", description = {"Reject a gate a run waits at: the run ends refused and nothing after the gate runs.",
            "The same people may reject as may approve."},
            footer = {"", "Example:", "  smctl runbook reject 3f2c7a9e-... on-call --as bob --comment 'INC-42: not during the migration'"})
    static final class Reject extends GateAnswerCommand {
        @Override
        boolean approve() {
            return false;
        }
    }
}
