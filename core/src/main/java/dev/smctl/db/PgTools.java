package dev.smctl.db;

import dev.smctl.engine.Redaction;
import dev.smctl.engine.Unavailable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL client tools (pg_restore, psql, pg_dump) as processes: argv lists only, never a shell, the
 * password in the environment, stderr kept (its last lines) for the error message.
 */
public final class PgTools {
    private static final int STDERR_LINES = 12;
    /** A TOC entry as {@code pg_restore --list} prints it: {@code 3359; 0 16393 TABLE DATA public messages postgres}. */
    private static final Pattern LIST_ENTRY = Pattern.compile("^(\\d+); ");
    /** The tools' own prefix, possibly repeated: parallel workers write prefix and message separately, so lines interleave. */
    private static final Pattern TOOL_PREFIX = Pattern.compile("^((pg_restore|pg_dump):\\s*)+");
    /** Errors, warnings, details and hints carry a level word, the tools' own or the server's. */
    private static final Pattern LEVEL = Pattern.compile("(?i)\\b(error|warning|detail|hint|fatal):");

    private PgTools() {
    }

    /** What a tool said: its exit code and the last lines of its stderr, redacted. */
    public record Outcome(int exitCode, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** What {@code pg_restore --list} found: the archive's TOC entries, by dump id. */
    public record Listing(Outcome outcome, Set<Integer> entries) {
        public Listing {
            entries = Set.copyOf(entries);
        }
    }

    /**
     * Who else reads a tool's output while it runs; the last lines of stderr that are not info chatter are
     * always kept for the error message.
     *
     * @param stdout told of each line of standard output, or {@code null} to discard it
     * @param stderrInfo told of each info-level line of stderr (the tool's --verbose progress)
     * @param started told of the process once it runs
     */
    record Watch(Consumer<String> stdout, Consumer<String> stderrInfo, Consumer<Process> started) {
        static final Watch NONE = new Watch(null, line -> { }, process -> { });
    }

    /**
     * {@code pg_restore --list}: proves the archive's header and table of contents can be read, restoring
     * nothing. It does not read the data: a truncated data section is caught by the checksum, not here.
     */
    public static Listing listArchive(Path archive, Duration timeout) {
        Set<Integer> entries = new LinkedHashSet<>();
        Outcome outcome = run(List.of("pg_restore", "--list", archive.toString()), Map.of(), null, timeout, new Watch(line -> {
            Matcher entry = LIST_ENTRY.matcher(line);
            if (entry.find()) {
                entries.add(Integer.parseInt(entry.group(1)));
            }
        }, line -> { }, process -> { }));
        return new Listing(outcome, entries);
    }

    /** {@code pg_restore -j N} into {@code target}, stopping at the first error, its progress followed by {@code progress}. */
    static Outcome restore(DatabaseAccess target, Path archive, int jobs, Duration timeout, RestoreProgress progress) {
        Outcome outcome = run(List.of("pg_restore", "--exit-on-error", "--no-owner", "--verbose", "--jobs", String.valueOf(jobs),
                "--host", target.host(), "--port", String.valueOf(target.port()), "--username", target.user(),
                "--dbname", target.database(), archive.toString()), target.toolEnvironment(), null, timeout,
                new Watch(null, progress::line, progress::watch));
        progress.finished(outcome.ok());
        return outcome;
    }

    /** psql running SQL from {@code sql}, stopping at the first error. */
    public static Outcome psql(DatabaseAccess target, InputStream sql, Duration timeout) {
        return run(List.of("psql", "--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1", "--host", target.host(),
                "--port", String.valueOf(target.port()), "--username", target.user(), "--dbname", target.database()), target.toolEnvironment(), sql,
                timeout, Watch.NONE);
    }

    /** Any other command (a migration), as an argv list with the given environment added. */
    public static Outcome command(List<String> argv, Map<String, String> environment, Duration timeout) {
        return run(argv, environment, null, timeout, Watch.NONE);
    }

    static Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new Unavailable("cannot run %s: %s; install the PostgreSQL 15 client tools (Debian: postgresql-client-15)"
                    .formatted(builder.command().get(0), e.getMessage()), e);
        }
    }

    private static Outcome run(List<String> argv, Map<String, String> environment, InputStream stdin, Duration timeout, Watch watch) {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(watch.stdout() == null ? ProcessBuilder.Redirect.DISCARD
                : ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process = start(builder);
        watch.started().accept(process);
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> tail(process.getErrorStream(), watch.stderrInfo()));
        CompletableFuture<Void> stdout = watch.stdout() == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> lines(process.getInputStream(), watch.stdout()));
        // stdin is fed from its own thread, so that a tool that stops reading (blocked on a lock) cannot hold us
        // past the timeout: waitFor below is the only wait.
        CompletableFuture<Void> feeding = stdin == null ? CompletableFuture.completedFuture(null) : CompletableFuture.runAsync(() -> {
            try (OutputStream in = process.getOutputStream()) {
                stdin.transferTo(in);
            } catch (IOException e) {
                // the tool stopped reading (it failed or was stopped): its exit code and stderr say why
            }
        });
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                feeding.cancel(true);
                return new Outcome(-1, "%s did not finish within %s and was stopped".formatted(argv.get(0), timeout));
            }
            stdout.join();
            return new Outcome(process.exitValue(), stderr.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + argv.get(0) + " ran", e);
        }
    }

    /**
     * Reads a tool's stderr to its end: info lines go to {@code info}, the last other lines come back, redacted,
     * for the error message.
     */
    static String tail(InputStream stream, Consumer<String> info) {
        Deque<String> kept = new ArrayDeque<>();
        lines(stream, line -> {
            if (isInfo(line)) {
                info.accept(line);
                return;
            }
            synchronized (kept) {
                kept.addLast(Redaction.text(line));
                if (kept.size() > STDERR_LINES) {
                    kept.removeFirst();
                }
            }
        });
        synchronized (kept) {
            return String.join(" | ", new ArrayList<>(kept));
        }
    }

    /**
     * An info-level (--verbose) line, or a fragment of one: it starts with the tool's prefix (once or, interleaved
     * with a parallel worker's, more often) or with the space a worker's message starts with, and carries no level
     * word. Everything else (errors, "Command was:", the server's messages) is kept for the error message.
     */
    static boolean isInfo(String line) {
        boolean prefixed = TOOL_PREFIX.matcher(line).find();
        boolean fragment = !line.isEmpty() && Character.isWhitespace(line.charAt(0));
        return (prefixed || fragment) && !LEVEL.matcher(TOOL_PREFIX.matcher(line).replaceFirst("")).find();
    }

    private static void lines(InputStream stream, Consumer<String> each) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                each.accept(line);
            }
        } catch (IOException e) {
            each.accept("(output unreadable: " + e.getMessage() + ")");
        }
    }
}
