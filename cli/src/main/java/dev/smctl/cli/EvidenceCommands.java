package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Names;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Secret;
import dev.smctl.evidence.BundleLocation;
import dev.smctl.evidence.DirectoryBundle;
import dev.smctl.evidence.EvidenceCopy;
import dev.smctl.evidence.EvidenceVerifier;
import dev.smctl.evidence.S3Bundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
                    "and the last 24 h of the backend's logs, into a directory with a SHA-256 manifest. Reads only.",
                    "With --s3-bucket the sealed bundle is also streamed to S3 and read back; with --object-lock-days, to a write-once",
                    "prefix too, whose Object Lock retention is read back from every object (a store that refuses or ignores it fails)."},
            footer = {"", "Examples:", "  smctl forensics capture -n production --db-url postgresql://postgres@postgres:5432/securemessenger",
                    "  smctl forensics capture -n production --db-url ... --s3-bucket secure-messenger-evidence --object-lock-days 365"})
    static final class Capture extends ActionCommand {
        @Option(names = "--db-url", paramLabel = "URL", description = "The database to dump (password from $PGPASSWORD); none by default.")
        String databaseUrl;

        @Option(names = "--pods", paramLabel = "LABEL=VALUE", defaultValue = "component=backend", description = "Whose logs (default: ${DEFAULT-VALUE}).")
        String pods;

        @Option(names = "--out", paramLabel = "DIR", description = "Where the bundle goes (default: sm-out/evidence-TIME).")
        Path out;

        @Option(names = "--s3-bucket", paramLabel = "BUCKET", description = "Also copy the bundle to this bucket, under --s3-prefix/DIR-NAME/.")
        String bucket;

        @Option(names = "--s3-prefix", paramLabel = "PREFIX", defaultValue = "evidence/", description = "Key prefix of the copy (default: ${DEFAULT-VALUE}).")
        String prefix;

        @Mixin
        S3Options s3;

        @Option(names = "--object-lock-days", paramLabel = "N", description = "Also a write-once copy under --object-lock-prefix, retained N days.")
        Integer lockDays;

        @Option(names = "--object-lock-mode", paramLabel = "MODE", defaultValue = "GOVERNANCE",
                description = "GOVERNANCE (lifted only with s3:BypassGovernanceRetention) or COMPLIANCE (lifted by nobody) (default: ${DEFAULT-VALUE}).")
        String lockMode;

        @Option(names = "--object-lock-prefix", paramLabel = "PREFIX", defaultValue = "evidence-locked/",
                description = "Key prefix of the write-once copy, in a bucket created with Object Lock (default: ${DEFAULT-VALUE}).")
        String lockPrefix;

        @Override
        ActionResult act(Remediation remediation, String namespace, Invocation invocation, Progress progress) {
            DatabaseAccess database = databaseUrl == null ? null
                    : DatabaseAccess.parse(databaseUrl, Secret.of(System.getenv("PGPASSWORD")), Duration.ofSeconds(10));
            Path directory = out != null ? out : Path.of("sm-out", "evidence-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                    .withZone(ZoneOffset.UTC).format(Instant.now()));
            return remediation.captureForensics(namespace, selector(pods), database, directory, copy(), invocation, progress);
        }

        private EvidenceCopy copy() {
            if (bucket == null) {
                if (lockDays != null) {
                    throw new InvalidRequest("--object-lock-days needs --s3-bucket: the write-once copy goes to S3");
                }
                return null;
            }
            return new EvidenceCopy(s3.client(), bucket, prefix, lockDays == null ? null : EvidenceCopy.WriteOnce.of(lockPrefix, lockMode, lockDays));
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

    @Command(name = "verify", description = {"Re-read every file of an evidence bundle against its manifest, locally or in S3 (streamed).",
            "Exits 0 when intact; 1, listing each modified, missing or added file, otherwise."},
            footer = {"", "Examples:", "  smctl evidence verify sm-out/evidence-20261128-031500",
                    "  smctl evidence verify s3://secure-messenger-evidence/evidence/evidence-20261128-031500/"})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR|s3://BUCKET/PREFIX", description = "The bundle: a directory, or the S3 prefix it was copied to.")
        String location;

        @Mixin
        S3Options s3;

        @Override
        public Integer call() throws IOException {
            BundleLocation bundle = location.startsWith("s3://") ? S3Bundle.at(s3.client(), location) : directory();
            EvidenceVerifier.Result result = EvidenceVerifier.verify(bundle, Progress.printingTo(spec.commandLine().getErr()));
            if (result.intact()) {
                spec.commandLine().getOut().printf("%s: intact (%d files)%n", bundle.describe(), result.files());
                return ExitCodes.OK;
            }
            result.problems().forEach(problem -> spec.commandLine().getErr().printf("%s: %s%n", bundle.describe(), problem));
            return ExitCodes.FAILED;
        }

        private BundleLocation directory() {
            if (!Files.isDirectory(Path.of(location))) {
                throw new InvalidRequest("%s is not a directory (nor an s3:// location)".formatted(Names.quote(location)));
            }
            return new DirectoryBundle(Path.of(location));
        }
    }
}
