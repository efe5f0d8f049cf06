package dev.smctl.storage;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Sha256;
import dev.smctl.engine.Unavailable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Backups under {@code s3://bucket/prefix}; each may have a {@code NAME.sha256} sidecar holding its checksum. */
public final class S3BackupStore implements BackupStore {
    private final CompletableFuture<S3Client> s3;
    private final String bucket;
    private final String prefix;
    private CompletableFuture<List<Backup>> firstListing;

    public S3BackupStore(S3Client s3, String bucket, String prefix) {
        this(CompletableFuture.completedFuture(s3), bucket, prefix);
    }

    private S3BackupStore(CompletableFuture<S3Client> s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix.replaceFirst("^/", "");
    }

    /**
     * A store whose first listing is fetched on another thread as soon as {@code client} is built (itself on
     * another thread): a command line spends a second or more loading the SDK, and that time then overlaps its other
     * start-up work (the database connection, the lock). A backup that lands in between is not listed, as if the command had
     * been started that moment earlier; later listings are fresh.
     */
    public static S3BackupStore listingAhead(CompletableFuture<S3Client> client, String bucket, String prefix) {
        S3BackupStore store = new S3BackupStore(client, bucket, prefix);
        store.firstListing = client.thenApplyAsync(built -> store.fetchList());
        return store;
    }

    @Override
    public List<Backup> list() {
        CompletableFuture<List<Backup>> ahead;
        synchronized (this) {
            ahead = firstListing;
            firstListing = null;
        }
        return ahead == null ? fetchList() : join(ahead);
    }

    private List<Backup> fetchList() {
        try {
            List<S3Object> objects = new ArrayList<>();
            client().listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().forEach(objects::add);
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
        String text = client().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8).strip();
        int space = text.indexOf(' ');
        return (space < 0 ? text : text.substring(0, space)).toLowerCase(java.util.Locale.ROOT);
    }

    /** Ranged GETs in parallel for a large backup, hashed in order as they arrive (see {@link S3Download}). */
    @Override
    public String fetch(Backup backup, Path file, Transfer.Meter meter) throws IOException {
        String key = backup.location().substring(("s3://" + bucket + "/").length());
        try {
            return S3Download.fetch(client(), bucket, key, backup.size(), file, Sha256.digest(), meter);
        } catch (SdkException e) {
            throw new Unavailable("cannot fetch %s: %s".formatted(backup.location(), e.getMessage()), e);
        }
    }

    private S3Client client() {
        return join(s3);
    }

    /** What a background step threw, as it threw it. */
    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    @Override
    public String describe() {
        return "s3://%s/%s".formatted(bucket, prefix);
    }
}
