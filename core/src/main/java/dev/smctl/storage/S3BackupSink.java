package dev.smctl.storage;

import dev.smctl.engine.Refused;
import dev.smctl.engine.Sha256;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A multipart upload of 8 MiB parts, so a dump of any size streams through constant memory; aborted on any
 * failure, so no partial object is ever listed as a backup. The checksum goes in {@code NAME.sha256} and in the
 * object's metadata.
 */
public final class S3BackupSink implements BackupSink {
    private static final int PART = 8 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3BackupSink(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix.replaceFirst("^/", "");
    }

    @Override
    public Backup write(String name, InputStream content, Transfer.Listener listener) throws IOException {
        String key = prefix + name;
        if (exists(key)) {
            throw new Refused("s3://%s/%s already exists; backups are never overwritten".formatted(bucket, key));
        }
        String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
        MessageDigest digest = Sha256.digest();
        List<CompletedPart> parts = new ArrayList<>();
        long total = 0;
        try {
            byte[] buffer = new byte[PART];
            int filled;
            while ((filled = content.readNBytes(buffer, 0, PART)) > 0) {
                digest.update(buffer, 0, filled);
                int number = parts.size() + 1;
                byte[] chunk = filled == PART ? buffer : java.util.Arrays.copyOf(buffer, filled);
                String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                        RequestBody.fromBytes(chunk)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                total += filled;
                listener.transferred(total);
            }
            s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abort) {
                // The upload's own failure is the one to report; the dangling parts are named with it.
                e.addSuppressed(abort);
            }
            throw e;
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        s3.putObject(r -> r.bucket(bucket).key(key + ".sha256"), RequestBody.fromString(sha256 + "  " + name + "\n"));
        return new Backup(name, "s3://%s/%s".formatted(bucket, key), BackupCatalogue.timeInName(name).orElse(Instant.now()), total, sha256,
                Backup.Format.of(name));
    }

    private boolean exists(String key) {
        try {
            s3.headObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return "s3://%s/%s".formatted(bucket, prefix);
    }
}
