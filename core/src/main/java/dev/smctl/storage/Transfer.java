package dev.smctl.storage;

import dev.smctl.engine.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Streams bytes with constant memory, hashing them on the way and reporting bytes, percentage, rate and ETA
 * at most every two seconds.
 */
public final class Transfer {
    private static final int BUFFER = 1 << 20;
    private static final long REPORT_EVERY_NANOS = 2_000_000_000L;

    private Transfer() {
    }

    /** Told of each chunk that went through (for uploads that must hash and count as they stream). */
    @FunctionalInterface
    public interface Listener {
        void transferred(long bytesSoFar);
    }

    /**
     * @param expected total bytes, or a negative number when unknown
     * @return the SHA-256 of what went through, in hex
     */
    public static String copy(InputStream in, OutputStream out, long expected, MessageDigest digest, Progress progress, String what)
            throws IOException {
        byte[] buffer = new byte[BUFFER];
        long done = 0;
        long started = System.nanoTime();
        long lastReport = started;
        int read;
        while ((read = in.read(buffer)) >= 0) {
            out.write(buffer, 0, read);
            digest.update(buffer, 0, read);
            done += read;
            long now = System.nanoTime();
            if (now - lastReport >= REPORT_EVERY_NANOS) {
                progress.report("transfer", describe(what, done, expected, now - started));
                lastReport = now;
            }
        }
        progress.report("transfer", describe(what, done, expected, System.nanoTime() - started));
        return HexFormat.of().formatHex(digest.digest());
    }

    static String describe(String what, long done, long expected, long nanos) {
        double seconds = Math.max(nanos / 1e9, 1e-3);
        double rate = done / seconds;
        if (expected <= 0) {
            return "%s: %s (%s/s)".formatted(what, bytes(done), bytes((long) rate));
        }
        long eta = rate > 0 ? (long) ((expected - done) / rate) : -1;
        return "%s: %s of %s (%d%%), %s/s, ETA %ds".formatted(what, bytes(done), bytes(expected), done * 100 / expected,
                bytes((long) rate), Math.max(0, eta));
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
