package dev.smctl.storage;

import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches one object into a file with several ranged GETs at once, as the AWS CLI does (S3 serves one
 * connection a fraction of what it serves several), hashing the bytes in their order as the ranges arrive: one
 * pass, no second read of the file, memory bounded by {@link #CONNECTIONS} ranges of {@link #RANGE} bytes.
 */
final class S3Download {
    static final int RANGE = 8 * 1024 * 1024;
    static final int CONNECTIONS = 4;

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final long size;
    private final MessageDigest digest;
    private final Transfer.Meter meter;
    private final AtomicInteger next = new AtomicInteger();
    private int hashed;
    private boolean failed;

    private S3Download(S3Client s3, String bucket, String key, long size, MessageDigest digest, Transfer.Meter meter) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.size = size;
        this.digest = digest;
        this.meter = meter;
    }

    /**
     * @param size the object's size as listed; an object that changed since is caught by the caller's checksum
     * @return the digest of the object's bytes, in hex
     */
    static String fetch(S3Client s3, String bucket, String key, long size, Path file, MessageDigest digest, Transfer.Meter meter) throws IOException {
        if (size < 2L * RANGE) {
            try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key)); OutputStream out = Files.newOutputStream(file)) {
                return Transfer.copy(in, out, digest, meter);
            }
        }
        return new S3Download(s3, bucket, key, size, digest, meter).inRanges(file);
    }

    private String inRanges(Path file) throws IOException {
        int ranges = (int) ((size + RANGE - 1) / RANGE);
        ExecutorService connections = Executors.newFixedThreadPool(CONNECTIONS, runnable -> {
            Thread thread = new Thread(runnable, "s3 ranged download");
            thread.setDaemon(true);
            return thread;
        });
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            List<Future<Void>> workers = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                workers.add(connections.submit(() -> {
                    fetchRanges(channel, ranges);
                    return null;
                }));
            }
            for (Future<Void> worker : workers) {
                worker.get();
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching s3://%s/%s".formatted(bucket, key), e);
        } finally {
            connections.shutdownNow();
        }
    }

    /** One connection's work: the next range not yet taken, until none is left or another connection failed. */
    private void fetchRanges(FileChannel channel, int ranges) throws IOException, InterruptedException {
        byte[] buffer = new byte[RANGE];
        try {
            for (int range = next.getAndIncrement(); range < ranges; range = next.getAndIncrement()) {
                long first = (long) range * RANGE;
                int length = (int) Math.min(RANGE, size - first);
                try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key).range("bytes=%d-%d".formatted(first, first + length - 1)))) {
                    int read = in.readNBytes(buffer, 0, length);
                    if (read != length) {
                        throw new IOException("s3://%s/%s ended %d bytes into the range at %d, short of the %d bytes it was listed with"
                                .formatted(bucket, key, read, first, size));
                    }
                }
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, length);
                for (long at = first; bytes.hasRemaining(); ) {
                    at += channel.write(bytes, at);
                }
                if (!hashInTurn(range, buffer, length)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                failed = true;
                notifyAll();
            }
            throw e;
        }
    }

    /**
     * The digest takes the ranges in order: each connection waits for the ranges before its own.
     *
     * @return false when another connection failed: the download is over, and that connection reports why
     */
    private synchronized boolean hashInTurn(int range, byte[] buffer, int length) throws InterruptedException {
        while (hashed != range && !failed) {
            wait();
        }
        if (failed) {
            return false;
        }
        digest.update(buffer, 0, length);
        hashed++;
        meter.add(length);
        notifyAll();
        return true;
    }
}
