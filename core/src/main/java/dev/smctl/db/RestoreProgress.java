package dev.smctl.db;

import dev.smctl.storage.Transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * How far a {@code pg_restore} is, from what can be observed rather than guessed: the archive bytes it has read
 * (the {@code rchar} counters in {@code /proc} of pg_restore and its parallel workers, summed; they read the
 * archive and little else) against the archive's size, and the table-of-contents items it has finished (its
 * {@code --verbose} lines) against the entries {@code pg_restore --list} printed. Bytes measure the data load,
 * which is most of the time; indexes and constraints are built after the last byte is read, and only the item
 * count moves then. Where {@code /proc} cannot be read, only items are reported.
 */
final class RestoreProgress {
    private static final Pattern SERIAL_ITEM = Pattern.compile("^pg_restore: processing item (\\d+) ");
    private static final Pattern LAUNCHED_ITEM = Pattern.compile("^pg_restore: launching item (\\d+) ");
    private static final Pattern FINISHED_ITEM = Pattern.compile("^pg_restore: finished item (\\d+) ");
    private static final long SAMPLE_EVERY_MILLIS = 250;

    private final Set<Integer> entries;
    private final long archiveBytes;
    private final Transfer.Meter meter;
    private final Set<Integer> done = new HashSet<>();
    private Integer running;
    private ScheduledExecutorService sampler;

    RestoreProgress(Set<Integer> entries, long archiveBytes, Transfer.Meter meter) {
        this.entries = Set.copyOf(entries);
        this.archiveBytes = archiveBytes;
        this.meter = meter.withDetail(this::detail);
    }

    /**
     * One info line of pg_restore's stderr. The leader restores the first items itself ("processing item N"),
     * each finished when the next begins; workers report theirs ("finished item N"). Items pg_restore adds to
     * those --list shows (ENCODING, DATABASE) are not counted.
     */
    synchronized void line(String line) {
        Matcher serial = SERIAL_ITEM.matcher(line);
        Matcher launched = LAUNCHED_ITEM.matcher(line);
        Matcher finished = FINISHED_ITEM.matcher(line);
        if (serial.find()) {
            finishRunning();
            running = Integer.valueOf(serial.group(1));
        } else if (launched.find() || line.startsWith("pg_restore: entering main parallel loop")) {
            finishRunning();
        } else if (finished.find()) {
            count(Integer.valueOf(finished.group(1)));
        }
    }

    private void finishRunning() {
        if (running != null) {
            count(running);
            running = null;
        }
    }

    private void count(Integer item) {
        if (entries.contains(item)) {
            done.add(item);
        }
    }

    synchronized String detail() {
        return "%d of %d items done".formatted(done.size(), entries.size());
    }

    /** Starts sampling the bytes read by {@code process} and its workers. */
    synchronized void watch(Process process) {
        sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pg_restore progress");
            thread.setDaemon(true);
            return thread;
        });
        ProcessHandle handle = process.toHandle();
        sampler.scheduleAtFixedRate(() -> {
            long read = bytesRead(handle);
            if (read < 0) {
                meter.add(0);
                return;
            }
            meter.advanceTo(Math.min(read, archiveBytes));
        }, SAMPLE_EVERY_MILLIS, SAMPLE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** On a clean exit every item is done and every byte read; either way the meter reports its last line. */
    void finished(boolean ok) {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = sampler;
            if (ok) {
                finishRunning();
                done.addAll(entries);
            }
        }
        if (stopping != null) {
            stopping.shutdownNow();
        }
        if (ok) {
            meter.advanceTo(archiveBytes);
        }
        meter.finish();
    }

    /** Bytes read so far by the process and its descendants, or -1 where /proc does not say. */
    static long bytesRead(ProcessHandle process) {
        long total = 0;
        for (ProcessHandle handle : Stream.concat(Stream.of(process), process.descendants()).toList()) {
            long read = rchar(handle.pid());
            if (read < 0 && handle.equals(process)) {
                return -1;
            }
            total += Math.max(0, read);
        }
        return total;
    }

    private static long rchar(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(pid), "io"))) {
            return lines.filter(l -> l.startsWith("rchar:")).mapToLong(l -> Long.parseLong(l.substring(6).strip())).findFirst().orElse(-1);
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process has just exited
            return -1;
        }
    }
}
