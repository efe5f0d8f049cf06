package dev.smctl.runbook;

import dev.smctl.Remediation;
import dev.smctl.cache.RedisAccess;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.diagnostics.DependencyProbe;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.storage.BackupSink;
import dev.smctl.storage.BackupStore;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a run's steps reach: the cluster (through the engine), and where configured the database, the backup
 * store, the cache, the health endpoint. A step that needs what was not configured refuses with the option to pass.
 *
 * @param workDir where restores put their scratch files and forensics their bundle
 * @param timeout the longest any one step may wait for the system to settle
 */
public record StepEnvironment(Remediation remediation, DatabaseAccess database, BackupStore backups, BackupSink backupSink,
                              RedisAccess redis, List<DependencyProbe> probes, URI healthUrl, Path workDir, Duration timeout) {
    public StepEnvironment {
        probes = List.copyOf(probes);
    }

    DatabaseAccess requireDatabase(String step) {
        if (database == null) {
            throw new InvalidRequest("step %s needs the database: pass --database-url (and PGPASSWORD)".formatted(step));
        }
        return database;
    }

    /** The cache, on the one database index its steps may flush. */
    RedisAccess requireRedis(String step) {
        if (redis == null) {
            throw new InvalidRequest("step %s needs the cache: pass --redis HOST:PORT[/DB] (and REDISCLI_AUTH)".formatted(step));
        }
        return redis;
    }

    BackupStore requireBackups(String step) {
        if (backups == null) {
            throw new InvalidRequest("step %s needs the backup store: pass --s3-bucket (or --backup-dir)".formatted(step));
        }
        return backups;
    }
}
