package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Names;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Secret;
import dev.smctl.evidence.EvidenceVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code smctl forensics capture} and {@code smctl evidence verify}: P0-03's preserved evidence. */
final class EvidenceCommands {
    private EvidenceCommands() {
    }

    @Command(name = "forensics", description = "Forensics actions.", subcommands = Capture.class)
    static final class Forensics extends GroupCommand {
    }

    @Command(name = "capture",
            description = {"P0-03 step 2, before anything changes: a pg_dump of the database (--db-url), the namespace's objects and events,",
                    "and the last 24 h of the backend's logs, into a directory with a SHA-256 manifest. Reads only."},
            footer = {"", "Example:", "  smctl forensics capture -n production --db-url postgresql://postgres@postgres:5432/securemessenger"})
    static final class Capture extends ActionCommand {
        @Option(names = "--db-url", paramLabel = "URL", description = "The database to dump (password from $PGPASSWORD); none by default.")
        String databaseUrl;

        @Option(names = "--pods", paramLabel = "LABEL=VALUE", defaultValue = "component=backend", description = "Whose logs (default: ${DEFAULT-VALUE}).")
        String pods;

        @Option(names = "--out", paramLabel = "DIR", description = "Where the bundle goes (default: sm-out/evidence-TIME).")
        Path out;

        @Override
        ActionResult act(Remediation remediation, String namespace, Invocation invocation, Progress progress) {
            DatabaseAccess database = databaseUrl == null ? null
                    : DatabaseAccess.parse(databaseUrl, Secret.of(System.getenv("PGPASSWORD")), Duration.ofSeconds(10));
            Path directory = out != null ? out : Path.of("sm-out", "evidence-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                    .withZone(ZoneOffset.UTC).format(Instant.now()));
            return remediation.captureForensics(namespace, selector(pods), database, directory, invocation, progress);
        }

        private static Map<String, String> selector(String text) {
            Map<String, String> selector = new LinkedHashMap<>();
            for (String pair : text.split(",")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new InvalidRequest("--pods takes LABEL=VALUE[,LABEL=VALUE], not " + Names.quote(text));
                }
                selector.put(pair.substring(0, equals), Names.requireLabel(pair.substring(equals + 1), "label value"));
            }
            return selector;
        }
    }

    @Command(name = "evidence", description = "Evidence actions.", subcommands = Verify.class)
    static final class Evidence extends GroupCommand {
    }

    @Command(name = "verify", description = {"Re-read every file of an evidence bundle against its manifest.",
            "Exits 0 when intact; 1, listing each modified, missing or added file, otherwise."},
            footer = {"", "Example:", "  smctl evidence verify sm-out/evidence-20261128-031500"})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "The bundle directory.")
        Path directory;

        @Override
        public Integer call() throws IOException {
            if (!Files.isDirectory(directory)) {
                throw new InvalidRequest("%s is not a directory".formatted(Names.quote(directory.toString())));
            }
            EvidenceVerifier.Result result = EvidenceVerifier.verify(directory);
            if (result.intact()) {
                spec.commandLine().getOut().printf("%s: intact (%d files)%n", directory, result.files());
                return ExitCodes.OK;
            }
            result.problems().forEach(problem -> spec.commandLine().getErr().printf("%s: %s%n", directory, problem));
            return ExitCodes.FAILED;
        }
    }
}
