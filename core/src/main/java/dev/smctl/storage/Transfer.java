package dev.smctl.storage;

import dev.smctl.engine.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Streams bytes with constant memory, hashing them on the way, and meters long work: bytes, percentage, rate and
 * ETA, reported through {@link Progress} at most every two seconds and once more at the end.
 */
public final class Transfer {
    private static final int BUFFER = 1 << 20;
    private static final long REPORT_EVERY_NANOS = 2_000_000_000L;

    private Transfer() {
    }

    /**
     * One long transfer as the operator follows it. The percentage is exact when the total is known (a download,
     * an upload of files); estimated, and said to be, when only a fraction can be judged (a dump whose size is
     * known only once it ends). Thread-safe: a tool's output and its progress may be read on different threads.
     */
    public static final class Meter {
        private final Progress progress;
        private final String what;
        private final long expected;
        private final DoubleSupplier estimate;
        private final String estimateBasis;
        private long reportEveryNanos = REPORT_EVERY_NANOS;
        private final long started = System.nanoTime();
        private Supplier<String> detail = () -> "";
        private long done;
        private long lastReport = started;

        private Meter(Progress progress, String what, long expected, DoubleSupplier estimate, String estimateBasis) {
            this.progress = progress;
            this.what = what;
            this.expected = expected;
            this.estimate = estimate;
            this.estimateBasis = estimateBasis;
        }

        /** @param expectedBytes the total, or a negative number when it is unknown */
        public static Meter of(Progress progress, String what, long expectedBytes) {
            return new Meter(progress, what, expectedBytes, null, null);
        }

        /**
         * A transfer whose total is unknown until it ends, with an estimate of the fraction done.
         *
         * @param basis what the estimate rests on, shown beside it ("by table size")
         */
        public static Meter estimated(Progress progress, String what, DoubleSupplier fractionDone, String basis) {
            return new Meter(progress, what, -1, fractionDone, basis);
        }

        /** A meter that reports nothing (small files inside a larger piece of work). */
        public static Meter quiet() {
            return of(Progress.NONE, "", -1);
        }

        /** Reports at most once per {@code interval} (two seconds unless told; tests watch short transfers). */
        public synchronized Meter reportingEvery(java.time.Duration interval) {
            this.reportEveryNanos = interval.toNanos();
            return this;
        }

        /** Adds text to every report, e.g. "9 of 17 items done"; read when a report is made. */
        public synchronized Meter withDetail(Supplier<String> text) {
            this.detail = text;
            return this;
        }

        /** {@code bytes} more went through. */
        public synchronized void add(long bytes) {
            advanceTo(done + bytes);
        }

        /** For work measured by sampling: {@code total} bytes have gone through so far (never goes back). */
        public synchronized void advanceTo(long total) {
            done = Math.max(done, total);
            long now = System.nanoTime();
            if (now - lastReport >= reportEveryNanos) {
                lastReport = now;
                progress.report("transfer", describe(now - started, false));
            }
        }

        public synchronized long done() {
            return done;
        }

        /** Reports the end: what went through, how long it took. */
        public synchronized void finish() {
            progress.report("transfer", describe(System.nanoTime() - started, true));
        }

        synchronized String describe(long nanos, boolean finished) {
            double seconds = Math.max(nanos / 1e9, 1e-3);
            String rate = bytes((long) (done / seconds)) + "/s";
            String more = detail.get();
            String suffix = more.isEmpty() ? "" : ", " + more;
            if (finished) {
                return "%s: %s in %.1fs (%s)%s".formatted(what, bytes(done), seconds, rate, suffix);
            }
            if (expected > 0) {
                long percent = Math.min(100, done * 100 / expected);
                long eta = done > 0 ? (long) ((expected - Math.min(done, expected)) / (done / seconds)) : -1;
                return "%s: %s of %s (%d%%), %s, ETA %s%s".formatted(what, bytes(done), bytes(expected), percent, rate, eta(eta), suffix);
            }
            if (estimate != null) {
                double fraction = Math.min(1, Math.max(0, estimate.getAsDouble()));
                long eta = fraction > 0 ? (long) (seconds * (1 - fraction) / fraction) : -1;
                return "%s: %s, %s, about %d%% done %s, ETA %s%s".formatted(what, bytes(done), rate, Math.round(fraction * 100), estimateBasis,
                        fraction > 0 ? "~" + eta(eta) : "unknown", suffix);
            }
            return "%s: %s, %s%s".formatted(what, bytes(done), rate, suffix);
        }

        private static String eta(long seconds) {
            return seconds < 0 ? "unknown" : seconds + "s";
        }
    }

    /**
     * Copies everything from {@code in} to {@code out}, hashing and metering it.
     *
     * @return the SHA-256 (or whatever {@code digest} is) of what went through, in hex
     */
    public static String copy(InputStream in, OutputStream out, MessageDigest digest, Meter meter) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            out.write(buffer, 0, read);
            digest.update(buffer, 0, read);
            meter.add(read);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** {@code in}, counting what is read from it into {@code meter} (for a tool fed from a file through us). */
    public static InputStream metered(InputStream in, Meter meter) {
        return new java.io.FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int read = super.read();
                meter.add(read < 0 ? 0 : 1);
                return read;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int read = super.read(buffer, offset, length);
                meter.add(Math.max(0, read));
                return read;
            }
        };
    }

    public static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return "%.1f %s".formatted(value, units[unit]);
    }
}
