package dev.smctl.db;

import dev.smctl.engine.Redaction;
import dev.smctl.engine.Unavailable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL client tools (pg_restore, psql, pg_dump) as processes: argv lists only, never a shell, the
 * password in the environment, stderr kept (its last lines) for the error message.
 */
public final class PgTools {
    private static final int STDERR_LINES = 12;

    private PgTools() {
    }

    /** What a tool said: its exit code and the last lines of its stderr, redacted. */
    public record Outcome(int exitCode, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** {@code pg_restore --list}: proves a custom-format archive is complete enough to be read, restoring nothing. */
    public static Outcome listArchive(Path archive, Duration timeout) {
        return run(List.of("pg_restore", "--list", archive.toString()), Map.of(), null, timeout);
    }

    /** {@code pg_restore -j N} into {@code target}, stopping at the first error. */
    public static Outcome restore(DatabaseAccess target, Path archive, int jobs, Duration timeout) {
        return run(List.of("pg_restore", "--exit-on-error", "--no-owner", "--jobs", String.valueOf(jobs),
                "--host", target.host(), "--port", String.valueOf(target.port()), "--username", target.user(),
                "--dbname", target.database(), archive.toString()), target.toolEnvironment(), null, timeout);
    }

    /** psql running SQL from {@code sql}, stopping at the first error. */
    public static Outcome psql(DatabaseAccess target, InputStream sql, Duration timeout) {
        return run(List.of("psql", "--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1", "--host", target.host(),
                "--port", String.valueOf(target.port()), "--username", target.user(), "--dbname", target.database()), target.toolEnvironment(), sql, timeout);
    }

    /** Any other command (a migration), as an argv list with the given environment added. */
    public static Outcome command(List<String> argv, Map<String, String> environment, Duration timeout) {
        return run(argv, environment, null, timeout);
    }

    private static Outcome run(List<String> argv, Map<String, String> environment, InputStream stdin, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new Unavailable("cannot run %s: %s; install the PostgreSQL 15 client tools (Debian: postgresql-client-15)"
                    .formatted(argv.get(0), e.getMessage()), e);
        }
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> tail(process.getErrorStream()));
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
            return new Outcome(process.exitValue(), stderr.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + argv.get(0) + " ran", e);
        }
    }

    private static String tail(InputStream stream) {
        Deque<String> lines = new ArrayDeque<>();
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.addLast(Redaction.text(line));
                if (lines.size() > STDERR_LINES) {
                    lines.removeFirst();
                }
            }
        } catch (IOException e) {
            lines.addLast("(stderr unreadable: " + e.getMessage() + ")");
        }
        return String.join(" | ", new ArrayList<>(lines));
    }
}
