package dev.smctl.storage;

import dev.smctl.diagnostics.DependencyCheck;
import dev.smctl.diagnostics.DependencyProbe;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/** The S3 bucket can be listed (one key is enough to prove it). */
public final class S3Probe implements DependencyProbe {
    private final S3Client s3;
    private final String bucket;

    public S3Probe(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public DependencyCheck check() {
        long start = System.nanoTime();
        try {
            ListObjectsV2Response listing = s3.listObjectsV2(request -> request.bucket(bucket).maxKeys(1));
            return new DependencyCheck("s3", "s3://" + bucket, true, "bucket listed (%s)".formatted(listing.keyCount() == 0 ? "empty"
                    : "first key " + listing.contents().get(0).key()), (System.nanoTime() - start) / 1_000_000);
        } catch (SdkException e) {
            // SDK messages carry the request id and the error code, not the credentials.
            return new DependencyCheck("s3", "s3://" + bucket, false, "list failed: " + e.getMessage(), (System.nanoTime() - start) / 1_000_000);
        }
    }
}
