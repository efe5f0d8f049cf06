package dev.smctl.storage;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one S3 object from a stream of any length through one buffer of {@link #PART} bytes: a single PUT when
 * the content fits in it, otherwise a multipart upload, aborted on any failure so that no partial object is ever
 * listed. The buffer is handed to the SDK without a copy.
 */
public final class S3Upload {
    /** 8 MiB: S3's multipart minimum is 5 MiB; 10,000 parts of 8 MiB allow objects up to 78 GiB. */
    public static final int PART = 8 * 1024 * 1024;

    /**
     * Object Lock retention asked for on every object written ({@code x-amz-object-lock-mode} and
     * {@code x-amz-object-lock-retain-until-date}). Asking is not getting: a store may refuse the headers or
     * ignore them, so whoever needs it must read the retention back.
     */
    public record Retention(ObjectLockMode mode, Instant until) {
    }

    private S3Upload() {
    }

    /**
     * @param retention Object Lock retention for the object, or {@code null}
     * @return the bytes written
     */
    public static long put(S3Client s3, String bucket, String key, InputStream content, Retention retention, Transfer.Meter meter)
            throws IOException {
        byte[] buffer = new byte[PART];
        int first = content.readNBytes(buffer, 0, PART);
        if (first < PART) {
            // readNBytes stopped short, so the end was reached (and checked) before anything is sent.
            s3.putObject(r -> {
                r.bucket(bucket).key(key);
                if (retention != null) {
                    r.objectLockMode(retention.mode()).objectLockRetainUntilDate(retention.until());
                }
            }, body(buffer, first));
            meter.add(first);
            return first;
        }
        String uploadId = s3.createMultipartUpload(r -> {
            r.bucket(bucket).key(key);
            if (retention != null) {
                r.objectLockMode(retention.mode()).objectLockRetainUntilDate(retention.until());
            }
        }).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        long total = 0;
        try {
            int filled = first;
            while (filled > 0) {
                int number = parts.size() + 1;
                String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number), body(buffer, filled)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                total += filled;
                meter.add(filled);
                filled = content.readNBytes(buffer, 0, PART);
            }
            s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
            return total;
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
            } catch (RuntimeException abort) {
                // The upload's own failure is the one to report; the failed abort travels with it.
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    /** The SDK may read a body more than once (signing, checksum, a retry): each read gets a fresh view of the buffer. */
    private static RequestBody body(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length, "application/octet-stream");
    }
}
