package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.approval.GroupDirectory;
import dev.smctl.cache.RedisAccess;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.db.PostgresProbe;
import dev.smctl.diagnostics.DependencyProbe;
import dev.smctl.engine.Durations;
import dev.smctl.engine.Secret;
import dev.smctl.runbook.StepEnvironment;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a runbook's steps may reach and who may approve its gates: the options {@code smctl runbook run} and
 * {@code smctl alerts serve} share, so a run started by an alert sees what a run started by hand would.
 */
final class StepOptions {
    @Option(names = "--groups", paramLabel = "FILE", defaultValue = "${env:SM_APPROVER_GROUPS}",
            description = "YAML map of approver groups to members, e.g. 'dba: [carol]' (default: $SM_APPROVER_GROUPS).")
    Path groups;

    @Option(names = "--db-url", paramLabel = "URL", defaultValue = "${env:SM_DB_URL}",
            description = "The database for database steps: postgresql://USER@HOST:PORT/DATABASE (password from $PGPASSWORD).")
    String databaseUrl;

    @ArgGroup(exclusive = false)
    DatabaseCommands.BackupSource backups = new DatabaseCommands.BackupSource();

    @Option(names = "--redis", paramLabel = "HOST:PORT[/DB]",
            description = "The cache for cache steps; a flush may touch only this database index (password from $REDISCLI_AUTH).")
    String redis;

    @Option(names = "--health-url", paramLabel = "URL", description = "The backend's /health, for health-check steps that name none.")
    URI healthUrl;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "sm-out/runbook-work",
            description = "Scratch space for restores and forensics bundles (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--step-timeout", paramLabel = "DURATION", defaultValue = "10m", description = "Longest wait of any one step (default: ${DEFAULT-VALUE}).")
    String stepTimeout;

    GroupDirectory groups() {
        return groups == null ? GroupDirectory.NONE : GroupDirectory.fromFile(groups);
    }

    Duration stepTimeout() {
        return Durations.parse(stepTimeout);
    }

    /** Reads the passwords from the environment once; every run of a process shares the result. */
    StepEnvironment environment(Remediation remediation) {
        DatabaseAccess database = databaseUrl == null || databaseUrl.isBlank() ? null
                : DatabaseAccess.parse(databaseUrl, Secret.of(System.getenv("PGPASSWORD")), Duration.ofSeconds(10));
        List<DependencyProbe> probes = database == null ? List.of()
                : List.of(new PostgresProbe(database.jdbcUrl(), database.user(), database.password(), Duration.ofSeconds(5)));
        RedisAccess cache = redis == null ? null : RedisAccess.parse(redis, Secret.of(System.getenv("REDISCLI_AUTH")), Duration.ofSeconds(5));
        return new StepEnvironment(remediation, database, backups.configured() ? backups.store() : null, backups.configured() ? backups.sink() : null,
                cache, probes, healthUrl, workDir, stepTimeout());
    }
}
