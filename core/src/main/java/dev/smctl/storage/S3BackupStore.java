package dev.smctl.storage;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Sha256;
import dev.smctl.engine.Unavailable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Backups under {@code s3://bucket/prefix}; each may have a {@code NAME.sha256} sidecar holding its checksum. */
public final class S3BackupStore implements BackupStore {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3BackupStore(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix.replaceFirst("^/", "");
    }

    @Override
    public List<Backup> list() {
        try {
            List<S3Object> objects = new ArrayList<>();
            s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().forEach(objects::add);
            Map<String, S3Object> sidecars = new HashMap<>();
            objects.stream().filter(o -> o.key().endsWith(".sha256")).forEach(o -> sidecars.put(o.key().substring(0, o.key().length() - 7), o));
            List<Backup> backups = new ArrayList<>();
            for (S3Object object : objects) {
                String name = object.key().substring(object.key().lastIndexOf('/') + 1);
                if (!BackupCatalogue.isBackup(name)) {
                    continue;
                }
                String checksum = sidecars.containsKey(object.key()) ? readChecksum(object.key() + ".sha256") : null;
                backups.add(new Backup(name, "s3://%s/%s".formatted(bucket, object.key()),
                        BackupCatalogue.timeInName(name).orElse(object.lastModified()), object.size(), checksum, Backup.Format.of(name)));
            }
            return BackupCatalogue.newestFirst(backups);
        } catch (NoSuchBucketException e) {
            throw new InvalidRequest("bucket %s does not exist (or this account cannot see it); check --bucket and --s3-region".formatted(bucket));
        } catch (SdkException e) {
            throw new Unavailable("cannot list backups in %s: %s".formatted(describe(), e.getMessage()), e);
        }
    }

    private String readChecksum(String key) {
        String text = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8).strip();
        int space = text.indexOf(' ');
        return (space < 0 ? text : text.substring(0, space)).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * One GET, streamed. Four ranged GETs at once were tried and measured slower on the two-core benchmark machine
     * (S3Proxy on loopback, cold JVM): 7.7 to 11.7 s against 4.3 to 5.3 s for 307 MiB.
     */
    @Override
    public String fetch(Backup backup, Path file, Transfer.Meter meter) throws IOException {
        String key = backup.location().substring(("s3://" + bucket + "/").length());
        try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key)); OutputStream out = Files.newOutputStream(file)) {
            return Transfer.copy(in, out, Sha256.digest(), meter);
        } catch (SdkException e) {
            throw new Unavailable("cannot fetch %s: %s".formatted(backup.location(), e.getMessage()), e);
        }
    }

    @Override
    public String describe() {
        return "s3://%s/%s".formatted(bucket, prefix);
    }
}
