package dev.smctl.cli;

import dev.smctl.runbook.Postmortem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code smctl postmortem AUDIT-LOG}: the runbook's post-mortem template, filled from the run's own records. */
@Command(name = "postmortem", description = {
        "Draft the post-mortem (runbook.md's template) from an audit log: timeline, actions with before and after, data lost,",
        "RTO against its target. What only people know is left blank. A tampered log is flagged at the top."},
        footer = {"", "Example:", "  smctl postmortem sm-out/audit.jsonl --run 6f1c... -o postmortem.md"})
final class PostmortemCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "AUDIT-LOG", description = "The audit log (JSON Lines).")
    Path auditLog;

    @Option(names = "--run", paramLabel = "RUN-ID", description = "Only this runbook run (a shared log holds many).")
    String runId;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the Markdown here instead of standard output.")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(auditLog)) {
            throw new dev.smctl.engine.InvalidRequest("no audit log at %s".formatted(dev.smctl.engine.Names.quote(auditLog.toString())));
        }
        String draft = Postmortem.draft(auditLog, runId);
        if (output == null) {
            spec.commandLine().getOut().print(draft);
        } else {
            Files.writeString(output, draft, StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("post-mortem draft written to " + output);
        }
        return draft.contains("has been tampered with") ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
