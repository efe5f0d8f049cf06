package dev.smctl.storage;

import dev.smctl.engine.Refused;
import dev.smctl.engine.Sha256;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Backups written to S3 by {@link S3Upload} (constant memory whatever the size; no partial object on failure), the
 * checksum in {@code NAME.sha256} beside each.
 */
public final class S3BackupSink implements BackupSink {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3BackupSink(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix.replaceFirst("^/", "");
    }

    @Override
    public Backup write(String name, InputStream content, Transfer.Meter meter) throws IOException {
        String key = prefix + name;
        if (exists(key)) {
            throw new Refused("s3://%s/%s already exists; backups are never overwritten".formatted(bucket, key));
        }
        DigestInputStream hashed = new DigestInputStream(content, Sha256.digest());
        long total = S3Upload.put(s3, bucket, key, hashed, null, meter);
        String sha256 = HexFormat.of().formatHex(hashed.getMessageDigest().digest());
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
