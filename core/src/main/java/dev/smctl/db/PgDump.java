package dev.smctl.db;

import dev.smctl.engine.Progress;
import dev.smctl.storage.CheckedAtEnd;
import dev.smctl.storage.Transfer;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * of the tables whose data pg_dump has finished (its {@code --verbose} lines) against all of them, the table in
 * flight counted by the rows its COPY has sent ({@code pg_stat_progress_copy}) against the planner's estimate of
 * its rows ({@code pg_class.reltuples}; a table never analysed counts as not started). The bytes and the rate are
 * exact.
 */
public final class PgDump implements AutoCloseable {
    private static final Pattern TABLE_STARTED = Pattern.compile("^pg_dump: dumping contents of table \"(.+)\"$");

    /** A table whose data pg_dump writes: its OID (for the COPY's progress) and its on-disk size. */
    private record Table(long oid, long size) {
    }

    private final DatabaseAccess database;
    private final Duration timeout;
    private final Map<String, Table> tables;
    private final long totalSize;
    private final Process process;
    private final CompletableFuture<String> stderr;
    private long finishedSize;
    private String current;
    private int tablesStarted;
    /** Reads the COPY's progress; opened on the first estimate, null once it cannot be (the estimate then skips it). */
    private Connection progressReader;
    private boolean progressUnreadable;
    /** The share of the current table's rows its COPY has been seen to send; never goes back. */
    private double currentCopied;
    private boolean currentCopySeen;

    private PgDump(DatabaseAccess database, Duration timeout, Map<String, Table> tables) {
        this.database = database;
        this.timeout = timeout;
        this.tables = tables;
        this.totalSize = tables.values().stream().mapToLong(Table::size).sum();
        // --lock-wait-timeout: a dump that cannot get its share locks fails instead of waiting behind a migration.
        ProcessBuilder builder = new ProcessBuilder(List.of("pg_dump", "--format=custom", "--verbose", "--lock-wait-timeout=60s",
                "--host", database.host(), "--port", String.valueOf(database.port()), "--username", database.user(), database.database()));
        builder.environment().putAll(database.toolEnvironment());
        this.process = PgTools.start(builder);
        this.stderr = CompletableFuture.supplyAsync(() -> PgTools.tail(process.getErrorStream(), this::line));
    }

    /** Starts the dump; the table sizes behind its estimate are read first, from the database itself. */
    public static PgDump start(DatabaseAccess database, Duration timeout) {
        return new PgDump(database, timeout, tables(database));
    }

    /** A meter for whoever reads {@link #output()}: exact bytes, an estimated percentage. */
    public Transfer.Meter meter(Progress progress, String what) {
        return Transfer.Meter.estimated(progress, what, this::fractionDone, "by table size and rows copied").withDetail(this::detail);
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

    private synchronized void line(String line) {
        Matcher started = TABLE_STARTED.matcher(line);
        if (started.find()) {
            if (current != null) {
                finishedSize += size(current);
            }
            current = started.group(1);
            tablesStarted++;
            currentCopied = 0;
            currentCopySeen = false;
        }
    }

    private long size(String table) {
        Table known = tables.get(table);
        return known == null ? 0 : known.size();
    }

    synchronized double fractionDone() {
        if (tables.isEmpty()) {
            return 0;
        }
        if (totalSize == 0) {
            return (double) Math.max(0, tablesStarted - 1) / tables.size();
        }
        double inFlight = current == null || !tables.containsKey(current) ? 0 : size(current) * copied(tables.get(current).oid());
        return (finishedSize + inFlight) / totalSize;
    }

    /**
     * The share of a table's estimated rows that its COPY has sent so far; 0 when either is unknown. The server
     * runs ahead of what pg_dump has written by what the socket buffers hold, and once it has sent the last row
     * its COPY leaves the view while pg_dump still writes: a COPY seen and then gone has sent everything.
     */
    private double copied(long oid) {
        if (progressUnreadable) {
            return currentCopied;
        }
        try {
            if (progressReader == null) {
                progressReader = database.connect();
            }
            try (PreparedStatement query = progressReader.prepareStatement("SELECT p.tuples_processed, c.reltuples FROM pg_stat_progress_copy p "
                    + "JOIN pg_class c ON c.oid = p.relid WHERE p.relid = CAST(? AS oid) AND p.command = 'COPY TO'")) {
                query.setLong(1, oid);
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        currentCopySeen = true;
                        if (row.getDouble(2) > 0) {
                            currentCopied = Math.max(currentCopied, Math.min(1, row.getLong(1) / row.getDouble(2)));
                        }
                    } else if (currentCopySeen) {
                        currentCopied = 1;
                    }
                }
            }
        } catch (SQLException e) {
            // PostgreSQL before 14 has no pg_stat_progress_copy; the estimate then moves table by table.
            progressUnreadable = true;
        }
        return currentCopied;
    }

    private synchronized String detail() {
        return current == null ? "schema" : "table %d of %d (%s)".formatted(tablesStarted, tables.size(), current);
    }

    /** Stops pg_dump if it still runs (the reader gave up). */
    @Override
    public synchronized void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        if (progressReader != null) {
            try {
                progressReader.close();
            } catch (SQLException e) {
                // only ever read progress
            }
        }
    }

    /** Every table whose data pg_dump writes, named as its --verbose lines name them. */
    private static Map<String, Table> tables(DatabaseAccess database) {
        Map<String, Table> tables = new LinkedHashMap<>();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT n.nspname || '.' || c.relname, c.oid, pg_table_size(c.oid) FROM pg_class c "
                     + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'm') "
                     + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'")) {
            while (rows.next()) {
                tables.put(rows.getString(1), new Table(rows.getLong(2), rows.getLong(3)));
            }
            return tables;
        } catch (SQLException e) {
            throw Sql.failure(database, "reading table sizes before pg_dump", e);
        }
    }
}
