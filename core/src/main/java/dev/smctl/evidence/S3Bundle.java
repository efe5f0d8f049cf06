package dev.smctl.evidence;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Sha256;
import dev.smctl.storage.CheckedAtEnd;
import dev.smctl.storage.S3Upload;
import dev.smctl.storage.Transfer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A bundle under {@code s3://bucket/prefix/}: the sealed local bundle streamed up file by file (each checked
 * against its manifest line as it goes, the manifest last, so a bundle without a manifest is an unfinished one),
 * and read back, streamed, for verification.
 */
public final class S3Bundle implements BundleLocation {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    /** @param prefix the bundle's own prefix; a trailing {@code /} is added when missing */
    public S3Bundle(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        String trimmed = prefix == null ? "" : prefix.replaceFirst("^/+", "");
        this.prefix = trimmed.isEmpty() || trimmed.endsWith("/") ? trimmed : trimmed + "/";
    }

    /** Reads {@code s3://BUCKET/PREFIX}. */
    public static S3Bundle at(S3Client s3, String uri) {
        if (!uri.startsWith("s3://") || uri.length() <= 5 || uri.charAt(5) == '/') {
            throw new InvalidRequest("%s is not an S3 location; write it as s3://BUCKET/PREFIX".formatted(Names.quote(uri)));
        }
        String rest = uri.substring(5);
        int slash = rest.indexOf('/');
        String bucket = Names.requireSubdomain(slash < 0 ? rest : rest.substring(0, slash), "bucket name");
        return new S3Bundle(s3, bucket, slash < 0 ? "" : rest.substring(slash + 1));
    }

    @Override
    public String describe() {
        return "s3://%s/%s".formatted(bucket, prefix);
    }

    @Override
    public Map<String, Long> files() {
        Map<String, Long> files = new TreeMap<>();
        try {
            s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()
                    .forEach(object -> files.put(object.key().substring(prefix.length()), object.size()));
        } catch (NoSuchBucketException e) {
            throw missingBucket();
        }
        return files;
    }

    InvalidRequest missingBucket() {
        return new InvalidRequest("bucket %s does not exist (or this account cannot see it); check the bucket name and --s3-region".formatted(bucket));
    }

    @Override
    public InputStream open(String path) throws IOException {
        try {
            return s3.getObject(r -> r.bucket(bucket).key(prefix + path));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(describe() + path);
        }
    }

    /**
     * Uploads the sealed bundle in {@code directory}: every file the manifest lists, then the manifest. A file
     * that no longer matches its manifest line fails the upload before its object is completed.
     *
     * @param retention Object Lock retention asked for on every object, or {@code null}
     */
    void upload(Path directory, EvidenceManifest manifest, S3Upload.Retention retention, Progress progress) throws IOException {
        Path manifestFile = directory.resolve(EvidenceBundle.MANIFEST);
        Transfer.Meter meter = Transfer.Meter.of(progress, "uploading evidence to " + describe(), manifest.totalBytes() + Files.size(manifestFile));
        for (EvidenceManifest.Entry entry : manifest.entries()) {
            try (InputStream file = Files.newInputStream(directory.resolve(entry.path()))) {
                DigestInputStream hashed = new DigestInputStream(file, Sha256.digest());
                S3Upload.put(s3, bucket, prefix + entry.path(), new CheckedAtEnd(hashed, () -> {
                    String actual = HexFormat.of().formatHex(hashed.getMessageDigest().digest());
                    if (!actual.equals(entry.sha256())) {
                        throw new IOException("%s changed after it was captured (SHA-256 %s, manifest says %s); it was not uploaded"
                                .formatted(entry.path(), actual.substring(0, 16), entry.sha256().substring(0, 16)));
                    }
                }), retention, meter);
            }
        }
        try (InputStream file = Files.newInputStream(manifestFile)) {
            S3Upload.put(s3, bucket, prefix + EvidenceBundle.MANIFEST, file, retention, meter);
        }
        meter.finish();
    }

    /** The Object Lock retention the store reports for one object (S3's GetObjectRetention). */
    ObjectLockRetention retention(String path) {
        return s3.getObjectRetention(r -> r.bucket(bucket).key(prefix + path)).retention();
    }

    /** Whether anything is stored under this bundle's prefix already (evidence is never overwritten). */
    boolean exists() {
        try {
            return s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).maxKeys(1)).keyCount() > 0;
        } catch (NoSuchBucketException e) {
            throw missingBucket();
        }
    }
}
