package dev.smctl.cli;

import dev.smctl.audit.AuditVerification;
import dev.smctl.audit.AuditVerifier;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "audit", description = "Work with audit logs.", subcommands = AuditCommand.Verify.class,
        mixinStandardHelpOptions = true)
final class AuditCommand extends GroupCommand {

    @Command(name = "verify",
            description = {"Check an audit log's hash chain and head file.",
                    "Exits 0 when intact; 1, naming the first bad record, after any edit, deletion, insertion,",
                    "reordering or truncation."},
            footer = {"", "Example:", "  smctl audit verify sm-out/audit.jsonl"})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The audit log (its FILE.head must sit beside it).")
        Path file;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new InvalidRequest("audit log %s does not exist".formatted(Names.quote(file.toString())));
            }
            AuditVerification verification = AuditVerifier.verify(file);
            (verification.intact() ? spec.commandLine().getOut() : spec.commandLine().getErr())
                    .printf("%s: %s%n", file, verification.summary());
            return verification.intact() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
