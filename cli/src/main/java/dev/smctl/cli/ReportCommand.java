package dev.smctl.cli;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.report.IncidentReport;
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

@Command(name = "report",
        description = {"One self-contained HTML page for auditors and the post-mortem: the audit chain's verdict, a timeline,",
                "every action with before/after, approvals and the evidence with its checksums. No network access needed to view it."},
        footer = {"", "Example:", "  smctl report sm-out/audit.jsonl --evidence sm-out/evidence-20261128-031500 -o report.html"})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "AUDIT-LOG", description = "The audit log (with its .head beside it).")
    Path auditLog;

    @Option(names = "--evidence", paramLabel = "DIR", description = "An evidence bundle to list and re-verify.")
    Path evidence;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "report.html", description = "Where to write the page (default: ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(auditLog)) {
            throw new InvalidRequest("audit log %s does not exist".formatted(Names.quote(auditLog.toString())));
        }
        Files.writeString(output, IncidentReport.render(auditLog, evidence), StandardCharsets.UTF_8);
        spec.commandLine().getOut().printf("wrote %s%n", output.toAbsolutePath());
        return ExitCodes.OK;
    }
}
