package dev.smctl.db;

import dev.smctl.engine.Action;
import dev.smctl.engine.Change;
import dev.smctl.engine.Durations;
import dev.smctl.engine.FailedSafely;
import dev.smctl.engine.Failures;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Plan;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Target;
import dev.smctl.engine.Verification;
import dev.smctl.storage.Backup;
import dev.smctl.storage.BackupCatalogue;
import dev.smctl.storage.BackupStore;
import dev.smctl.storage.Transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * P0-02's restore, never in place: verify the backup (checksum, then {@code pg_restore --list}), restore it into a
 * new database {@code <db>_restore_<time>}, check that copy, then cut over in one transaction: {@code <db>} becomes
 * {@code <db>_corrupt_<time>} (kept, read-only, never dropped by this tool) and the copy becomes {@code <db>}.
 * Killed at any point before the cut-over's commit, it leaves the original as it was; a rerun starts afresh.
 */
public final class SafeRestore implements Action<SafeRestore.RestorePlan> {
    /** The runbook's recovery time objective for P0-02. */
    public static final Duration RTO = Duration.ofMinutes(30);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    /**
     * @param backupId {@code latest} or an exact id; ignored when {@code before} is set
     * @param expectTables tables that must exist with rows in the restored copy before the cut-over
     * @param verificationSql an optional query that must return true on the restored copy
     * @param migration a migration command as an argv list (e.g. {@code npx prisma migrate deploy}), run against the
     *                  restored copy before it goes live, or empty
     */
    public record Request(DatabaseAccess database, String namespace, BackupStore store, String backupId, Instant before,
                          List<String> expectTables, String verificationSql, List<String> migration, int jobs, Path workDir, Duration timeout) {
        public Request {
            expectTables = List.copyOf(expectTables);
            migration = List.copyOf(migration);
            expectTables.forEach(t -> dev.smctl.engine.Names.requireSqlIdentifier(t, "table name"));
            if (jobs < 1 || jobs > 16) {
                throw new InvalidRequest("--jobs must be between 1 and 16, not " + jobs);
            }
        }
    }

    public record RestorePlan(String summary, Backup backup, String restoreName, String corruptName, boolean originalExists,
                              List<Change> changes, Map<String, Object> before, Optional<String> skipReason, String undo) implements Plan {
    }

    private final Request request;
    private final Target target;
    private final DatabaseAccess maintenance;
    private final String stamp;
    private final Instant started;
    private final Clock clock;
    /** What execute checked on the copy it put live, for verify to confirm without counting every row again. */
    private CheckedCopy checked;

    private record CheckedCopy(long oid, Map<String, Long> counts) {
    }

    public SafeRestore(Request request, Clock clock) {
        this.request = request;
        this.target = new Target("database", request.namespace(), request.database().database());
        this.maintenance = request.database().on("postgres");
        this.clock = clock;
        this.started = clock.instant();
        this.stamp = STAMP.format(started);
    }

    @Override
    public String name() {
        return "db-restore";
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("database", request.database().toString());
        parameters.put("from", request.store().describe());
        parameters.put("backup", request.before() != null ? "before " + request.before() : String.valueOf(request.backupId()));
        parameters.put("expectTables", String.join(",", request.expectTables()));
        parameters.put("jobs", String.valueOf(request.jobs()));
        return parameters;
    }

    /** {@code name} with a suffix, shortened so the whole fits PostgreSQL's 63 characters. */
    static String derivedName(String database, String role, String stamp) {
        String suffix = "_" + role + "_" + stamp;
        return (database.length() + suffix.length() > 63 ? database.substring(0, 63 - suffix.length()) : database) + suffix;
    }

    @Override
    public RestorePlan plan() {
        String database = request.database().database();
        List<Backup> backups;
        try {
            backups = request.store().list();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list backups in " + request.store().describe(), e);
        }
        // A prefix may hold several databases' backups: only this database's are candidates, or "latest" could
        // put another database's data live.
        List<Backup> ours = backups.stream().filter(b -> b.id().startsWith(database + "-")).toList();
        if (request.backupId() != null && !request.backupId().equals("latest") && request.before() == null
                && backups.stream().anyMatch(b -> b.id().equals(request.backupId())) && !request.backupId().startsWith(database + "-")) {
            throw new InvalidRequest("backup %s is not a backup of %s (its name does not start with %s-)".formatted(request.backupId(), database, database));
        }
        Backup backup = BackupCatalogue.choose(ours, request.backupId(), request.before(), request.store().describe() + " (backups of " + database + ")");
        if (backup.sha256() == null) {
            throw new Refused("backup %s has no checksum (no %s.sha256 beside it), so its integrity cannot be proven; choose another backup or add its checksum"
                    .formatted(backup.id(), backup.id()));
        }
        String restoreName = derivedName(database, "restore", stamp);
        String corruptName = derivedName(database, "corrupt", stamp);
        Map<String, Long> sizes = databaseSizes();
        if (sizes.containsKey(restoreName) || sizes.containsKey(corruptName)) {
            throw new Refused("database %s or %s already exists; wait a second and run again".formatted(restoreName, corruptName));
        }
        boolean exists = sizes.containsKey(database);
        List<String> leftovers = sizes.keySet().stream().filter(name -> name.startsWith(database + "_restore_")).sorted().toList();
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("database", database);
        before.put("exists", exists);
        before.put("sizeBytes", sizes.getOrDefault(database, 0L));
        before.put("backup", Map.of("id", backup.id(), "taken", backup.taken().toString(), "size", backup.size(), "sha256", backup.sha256(),
                "location", backup.location()));
        List<Change> changes = new java.util.ArrayList<>();
        changes.add(new Change("/databases/" + restoreName, null, "restored from %s (%s, taken %s)".formatted(backup.id(),
                Transfer.bytes(backup.size()), backup.taken())));
        if (exists) {
            changes.add(new Change("/databases/" + database, "current (%s)".formatted(Transfer.bytes(sizes.get(database))),
                    "renamed to %s, kept read-only for forensics".formatted(corruptName)));
        }
        changes.add(new Change("/databases/" + restoreName, "restored copy", "renamed to " + database));
        String undo = exists
                ? "the damaged database is kept as %s; to put it back: ALTER DATABASE %s RENAME TO %s_restored; ALTER DATABASE %s RENAME TO %s"
                .formatted(corruptName, Sql.quote(database), database, Sql.quote(corruptName), Sql.quote(database))
                : "nothing to put back: %s did not exist".formatted(database);
        before.put("leftoverScratchCopies", leftovers);
        String summary = "restore %s from backup %s (taken %s) via %s, keeping the current one as %s".formatted(database, backup.id(),
                backup.taken(), restoreName, corruptName)
                // Interrupted earlier runs leave their scratch copies (never the original): say so, do not guess.
                + (leftovers.isEmpty() ? "" : "; scratch copies left by interrupted runs, safe to drop once this one succeeds: " + leftovers);
        return new RestorePlan(summary, backup, restoreName, corruptName, exists, changes, before, Optional.empty(), undo);
    }

    private Map<String, Long> databaseSizes() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        try (Connection connection = maintenance.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT datname, pg_database_size(datname) FROM pg_database")) {
            while (rows.next()) {
                sizes.put(rows.getString(1), rows.getLong(2));
            }
            return sizes;
        } catch (SQLException e) {
            throw Sql.failure(maintenance, "listing databases", e);
        }
    }

    @Override
    public Map<String, Object> execute(RestorePlan plan, Progress progress) {
        Fetched fetched = fetchAndCheck(plan.backup(), progress);
        Path file = fetched.file();
        try {
            DatabaseAccess copy = request.database().on(plan.restoreName());
            createDatabase(plan.restoreName());
            Map<String, Long> counts;
            try {
                restoreInto(copy, plan.backup(), fetched, progress);
                counts = checkCopy(copy, progress);
                migrate(copy, progress);
                checked = new CheckedCopy(oidOf(copy), counts);
            } catch (RuntimeException e) {
                // Nothing live was touched yet: remove our scratch copy and say so.
                dropScratchCopy(plan.restoreName(), progress);
                throw e instanceof FailedSafely ? e : new FailedSafely(Failures.describe(e)
                        + "; the original database is untouched and the partial copy was removed");
            }
            cutOver(plan, progress);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("database", request.database().database());
            after.put("restoredFrom", plan.backup().id());
            after.put("keptAs", plan.originalExists() ? plan.corruptName() : "");
            after.put("counts", counts);
            return after;
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                progress.report("execute", "could not delete the downloaded backup %s: %s".formatted(file, e.getMessage()));
            }
        }
    }

    /** A backup fetched and checked: the local file, and the archive's table of contents (empty for plain SQL). */
    private record Fetched(Path file, Set<Integer> entries) {
    }

    /** Fetch and verification change nothing live: any failure here says so. */
    private Fetched fetchAndCheck(Backup backup, Progress progress) {
        Path file = null;
        try {
            file = download(backup, progress);
            return new Fetched(file, checkArchive(backup, file, progress));
        } catch (Refused e) {
            deleteQuietly(file);
            throw e;
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw new FailedSafely("fetching or checking backup %s failed (%s); nothing was changed".formatted(backup.id(), Failures.describe(e)));
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a scratch file in the work directory; the next run uses another name
        }
    }

    /**
     * Fetches the backup into the work directory, hashing it in the same pass (no second read); a mismatch refuses
     * before anything changes.
     */
    private Path download(Backup backup, Progress progress) {
        try {
            Files.createDirectories(request.workDir());
            Path file = request.workDir().resolve("smctl-restore-" + stamp + "-" + backup.id());
            String actual;
            Transfer.Meter meter = Transfer.Meter.of(progress, "fetching " + backup.id(), backup.size());
            actual = request.store().fetch(backup, file, meter);
            meter.finish();
            if (!actual.equals(backup.sha256())) {
                Files.deleteIfExists(file);
                throw new Refused("backup %s is corrupted or truncated: its SHA-256 is %s but its checksum says %s; nothing was changed; choose another backup (smctl db backups)"
                        .formatted(backup.id(), actual, backup.sha256()));
            }
            progress.report("verify", "backup %s matches its checksum %s".formatted(backup.id(), actual.substring(0, 16)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fetch backup %s into %s".formatted(backup.id(), request.workDir()), e);
        }
    }

    /** @return the archive's table of contents, which pg_restore's progress is counted against */
    private Set<Integer> checkArchive(Backup backup, Path file, Progress progress) {
        if (backup.format() != Backup.Format.CUSTOM) {
            return Set.of();
        }
        PgTools.Listing listed = PgTools.listArchive(file, request.timeout());
        if (!listed.outcome().ok()) {
            throw new Refused("backup %s is not a complete pg_dump archive (pg_restore --list: %s); nothing was changed; choose another backup"
                    .formatted(backup.id(), listed.outcome().stderr()));
        }
        progress.report("verify", "pg_restore --list reads backup %s: %d entries".formatted(backup.id(), listed.entries().size()));
        return listed.entries();
    }

    private void createDatabase(String name) {
        try (Connection connection = maintenance.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE %s TEMPLATE template0".formatted(Sql.quote(name)));
        } catch (SQLException e) {
            throw Sql.failure(maintenance, "creating " + name, e);
        }
    }

    private void restoreInto(DatabaseAccess copy, Backup backup, Fetched fetched, Progress progress) {
        String tool = backup.format() == Backup.Format.CUSTOM ? "pg_restore -j " + request.jobs() : "psql";
        String what = "restoring %s into %s (%s)".formatted(backup.id(), copy.database(), tool);
        progress.report("execute", what);
        Transfer.Meter meter = Transfer.Meter.of(progress, what, backup.size());
        PgTools.Outcome outcome;
        if (backup.format() == Backup.Format.CUSTOM) {
            outcome = PgTools.restore(copy, fetched.file(), request.jobs(), request.timeout(), new RestoreProgress(fetched.entries(), backup.size(), meter));
        } else {
            // psql reads the file through us, so its progress is exact: the bytes of the file it has been fed.
            try (InputStream raw = Transfer.metered(Files.newInputStream(fetched.file()), meter);
                 InputStream sql = backup.format() == Backup.Format.PLAIN_GZIP ? new GZIPInputStream(raw, 1 << 16) : raw) {
                outcome = PgTools.psql(copy, sql, request.timeout());
                meter.finish();
            } catch (IOException e) {
                throw new FailedSafely("backup %s cannot be read as %s (%s); the original database is untouched".formatted(backup.id(),
                        backup.format(), e.getMessage()));
            }
        }
        if (!outcome.ok()) {
            throw new FailedSafely("restoring %s into %s failed (exit %d: %s); the original database is untouched and the partial copy was removed"
                    .formatted(backup.id(), copy.database(), outcome.exitCode(), outcome.stderr()));
        }
    }

    /**
     * Runs the migration against the restored copy, before the cut-over, so that a failing migration never
     * touches the live database. The copy is named in the environment libpq and Prisma read; the password
     * travels there too, never in argv.
     */
    private void migrate(DatabaseAccess copy, Progress progress) {
        if (request.migration().isEmpty()) {
            return;
        }
        progress.report("execute", "migrating the restored copy: " + String.join(" ", request.migration()));
        Map<String, String> environment = new LinkedHashMap<>(copy.toolEnvironment());
        environment.put("PGHOST", copy.host());
        environment.put("PGPORT", String.valueOf(copy.port()));
        environment.put("PGDATABASE", copy.database());
        environment.put("PGUSER", copy.user());
        environment.put("DATABASE_URL", copy.urlWithPassword());
        PgTools.Outcome outcome = PgTools.command(request.migration(), environment, request.timeout());
        if (!outcome.ok()) {
            throw new FailedSafely("the migration failed on the restored copy (exit %d: %s); the original database is untouched"
                    .formatted(outcome.exitCode(), outcome.stderr()));
        }
        progress.report("verify", "migration finished on the restored copy");
    }

    /** The restored copy must hold the expected tables with rows (and pass the verification query) before it goes live. */
    private Map<String, Long> checkCopy(DatabaseAccess copy, Progress progress) {
        Map<String, Long> counts;
        try {
            counts = DatabaseReport.counts(copy, request.expectTables());
        } catch (Refused e) {
            throw new FailedSafely("the restored copy lacks an expected table (%s); the original database is untouched".formatted(e.getMessage()));
        }
        counts.forEach((table, rows) -> {
            if (rows == 0) {
                throw new FailedSafely("the restored copy's table %s is empty; the backup may be wrong; the original database is untouched".formatted(table));
            }
        });
        if (request.verificationSql() != null && !verificationPasses(copy)) {
            throw new FailedSafely("the verification query returned false on the restored copy; the original database is untouched");
        }
        progress.report("verify", "restored copy checked: %s".formatted(counts));
        return counts;
    }

    private boolean verificationPasses(DatabaseAccess copy) {
        try (Connection connection = copy.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(request.verificationSql())) {
            return result.next() && result.getBoolean(1);
        } catch (SQLException e) {
            throw new FailedSafely("the verification query failed on the restored copy (%s); the original database is untouched"
                    .formatted(Sql.shown(e.getMessage())));
        }
    }

    /**
     * Both renames in one transaction, so the swap is all or nothing. Sessions on the original are terminated
     * first; a client that reconnects in between makes the rename fail, and it is retried.
     */
    private void cutOver(RestorePlan plan, Progress progress) {
        String database = request.database().database();
        try (Connection connection = maintenance.connect()) {
            for (int attempt = 1; ; attempt++) {
                try (Statement statement = connection.createStatement()) {
                    if (plan.originalExists()) {
                        try (PreparedStatement terminate = connection.prepareStatement(
                                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                            terminate.setString(1, database);
                            terminate.executeQuery().close();
                        }
                    }
                    connection.setAutoCommit(false);
                    if (plan.originalExists()) {
                        statement.execute("ALTER DATABASE %s RENAME TO %s".formatted(Sql.quote(database), Sql.quote(plan.corruptName())));
                    }
                    statement.execute("ALTER DATABASE %s RENAME TO %s".formatted(Sql.quote(plan.restoreName()), Sql.quote(database)));
                    connection.commit();
                    connection.setAutoCommit(true);
                    break;
                } catch (SQLException e) {
                    if (!connection.getAutoCommit()) {
                        connection.rollback();
                        connection.setAutoCommit(true);
                    }
                    if (!"55006".equals(e.getSQLState()) || attempt == 10) {
                        throw e;
                    }
                    progress.report("execute", "%s still has sessions; terminating them again (attempt %d)".formatted(database, attempt));
                    Thread.sleep(200);
                }
            }
            if (plan.originalExists()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ALTER DATABASE %s SET default_transaction_read_only = on".formatted(Sql.quote(plan.corruptName())));
                }
            }
            progress.report("execute", "cut over: %s is the restored copy%s".formatted(database,
                    plan.originalExists() ? "; the previous one is kept as " + plan.corruptName() : ""));
        } catch (SQLException e) {
            throw Sql.failure(maintenance, "cutting over to the restored copy", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the cut-over", e);
        }
    }

    private void dropScratchCopy(String name, Progress progress) {
        try (Connection connection = maintenance.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS %s WITH (FORCE)".formatted(Sql.quote(name)));
            progress.report("execute", "removed the partial copy " + name);
        } catch (SQLException e) {
            progress.report("execute", "could not remove the partial copy %s (%s); drop it by hand".formatted(name, e.getMessage()));
        }
    }

    /**
     * The live database must be the very copy that was checked before the cut-over (same OID): its counts were
     * taken moments earlier, so they are not taken again (on a large table that is a second full scan).
     */
    @Override
    public Verification verify(RestorePlan plan, Progress progress) {
        long live = oidOf(request.database());
        Duration elapsed = Duration.between(started, clock.instant());
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("counts", checked.counts());
        observed.put("elapsed", Durations.format(elapsed));
        observed.put("rto", Durations.format(RTO));
        if (live != checked.oid()) {
            return Verification.failed(("%s is not the restored copy that was checked (database OID %d, the copy's was %d): it was renamed or "
                    + "recreated after the cut-over. Find the checked copy with psql -c 'SELECT oid, datname FROM pg_database' (OID %d), run "
                    + "'smctl db counts' on the database the app uses before reopening traffic; the previous database is kept as %s")
                    .formatted(request.database().database(), live, checked.oid(), checked.oid(), plan.corruptName()), observed);
        }
        String message = "%s restored from %s: %s; took %s against the %s RTO".formatted(request.database().database(), plan.backup().id(),
                checked.counts(), Durations.format(elapsed), Durations.format(RTO));
        return Verification.passed(elapsed.compareTo(RTO) > 0 ? message + " (RTO MISSED)" : message, observed);
    }

    private static long oidOf(DatabaseAccess database) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT oid FROM pg_database WHERE datname = current_database()")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw Sql.failure(database, "reading the database's OID", e);
        }
    }
}
