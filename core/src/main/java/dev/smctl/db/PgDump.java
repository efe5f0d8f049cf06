package dev.smctl.db;

import dev.smctl.engine.Progress;
import dev.smctl.storage.CheckedAtEnd;
import dev.smctl.storage.Transfer;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pg_dump -Fc} of one database as a stream, for whoever stores it (a backup sink, an evidence bundle).
 * The stream's end fails if pg_dump failed or overran its time, so nothing truncated is ever stored as complete.
 *
 * <p>Its size is known only at the end, so the percentage it reports is an estimate, and says so: the on-disk size
 * of the tables whose data pg_dump has finished (its {@code --verbose} lines) against all of them. The bytes and
 * the rate are exact.
 */
public final class PgDump implements AutoCloseable {
    private static final Pattern TABLE_STARTED = Pattern.compile("^pg_dump: dumping contents of table \"(.+)\"$");

    private final DatabaseAccess database;
    private final Duration timeout;
    private final Map<String, Long> tableSizes;
    private final long totalSize;
    private final Process process;
    private final CompletableFuture<String> stderr;
    private long finishedSize;
    private String current;
    private int tablesStarted;

    private PgDump(DatabaseAccess database, Duration timeout, Map<String, Long> tableSizes) {
        this.database = database;
        this.timeout = timeout;
        this.tableSizes = tableSizes;
        this.totalSize = tableSizes.values().stream().mapToLong(Long::longValue).sum();
        // --lock-wait-timeout: a dump that cannot get its share locks fails instead of waiting behind a migration.
        ProcessBuilder builder = new ProcessBuilder(List.of("pg_dump", "--format=custom", "--verbose", "--lock-wait-timeout=60s",
                "--host", database.host(), "--port", String.valueOf(database.port()), "--username", database.user(), database.database()));
        builder.environment().putAll(database.toolEnvironment());
        this.process = PgTools.start(builder);
        this.stderr = CompletableFuture.supplyAsync(() -> PgTools.tail(process.getErrorStream(), this::line));
    }

    /** Starts the dump; the table sizes behind its estimate are read first, from the database itself. */
    public static PgDump start(DatabaseAccess database, Duration timeout) {
        return new PgDump(database, timeout, tableSizes(database));
    }

    /** A meter for whoever reads {@link #output()}: exact bytes, an estimated percentage. */
    public Transfer.Meter meter(Progress progress, String what) {
        return Transfer.Meter.estimated(progress, what, this::fractionDone, "by table size").withDetail(this::detail);
    }

    /** pg_dump's output; reading past its end fails unless pg_dump exited 0 within the timeout. */
    public InputStream output() {
        return new CheckedAtEnd(process.getInputStream(), () -> {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IOException("pg_dump of %s did not finish within %s and was stopped".formatted(database, timeout));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while pg_dump ran", e);
            }
            if (process.exitValue() != 0) {
                throw new IOException("pg_dump of %s failed (exit %d: %s)".formatted(database, process.exitValue(), stderr.join()));
            }
        });
    }

    /** The last lines pg_dump wrote that were not progress; waits for its stderr to close. */
    public String errors() {
        return stderr.join();
    }

    private synchronized void line(String line) {
        Matcher started = TABLE_STARTED.matcher(line);
        if (started.find()) {
            if (current != null) {
                finishedSize += tableSizes.getOrDefault(current, 0L);
            }
            current = started.group(1);
            tablesStarted++;
        }
    }

    synchronized double fractionDone() {
        if (tableSizes.isEmpty()) {
            return 0;
        }
        return totalSize > 0 ? (double) finishedSize / totalSize : (double) Math.max(0, tablesStarted - 1) / tableSizes.size();
    }

    private synchronized String detail() {
        return current == null ? "schema" : "table %d of %d (%s)".formatted(tablesStarted, tableSizes.size(), current);
    }

    /** Stops pg_dump if it still runs (the reader gave up). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** Every table whose data pg_dump writes, named as its --verbose lines name them, with its on-disk size. */
    private static Map<String, Long> tableSizes(DatabaseAccess database) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT n.nspname || '.' || c.relname, pg_table_size(c.oid) FROM pg_class c "
                     + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'm') "
                     + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'")) {
            while (rows.next()) {
                sizes.put(rows.getString(1), rows.getLong(2));
            }
            return sizes;
        } catch (SQLException e) {
            throw Sql.failure(database, "reading table sizes before pg_dump", e);
        }
    }
}
