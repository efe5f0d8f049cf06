package dev.smctl.evidence;

import dev.smctl.engine.Change;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Unavailable;
import dev.smctl.storage.S3Upload;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The S3 copies of a sealed evidence bundle: one under {@code prefix}, and optionally a write-once one under
 * {@link WriteOnce#prefix()} with Object Lock retention. Retention is confirmed only by reading it back from
 * every object: a store may refuse the Object Lock headers (S3Proxy by default, or an AWS bucket created without
 * Object Lock) or accept and ignore them (S3Proxy with unknown headers ignored), and neither is write-once.
 * One instance serves one capture: it remembers what the write-once upload met, for the verification.
 */
public final class EvidenceCopy {
    /**
     * @param mode GOVERNANCE (lifted only with s3:BypassGovernanceRetention) or COMPLIANCE (lifted by nobody,
     *             not even the account root, until it expires)
     * @param keepFor how long every object is retained, counted from the upload
     */
    public record WriteOnce(String prefix, ObjectLockMode mode, Duration keepFor) {
        public WriteOnce {
            if (mode != ObjectLockMode.GOVERNANCE && mode != ObjectLockMode.COMPLIANCE) {
                throw new InvalidRequest("the Object Lock mode is GOVERNANCE or COMPLIANCE, not " + mode);
            }
            if (keepFor.compareTo(Duration.ofDays(1)) < 0 || keepFor.compareTo(Duration.ofDays(36_500)) > 0) {
                throw new InvalidRequest("--object-lock-days must be between 1 and 36500, not " + keepFor.toDays());
            }
        }

        /** From the words an operator types: a mode name in any case and a number of days. */
        public static WriteOnce of(String prefix, String mode, int days) {
            ObjectLockMode parsed = ObjectLockMode.fromValue(mode.toUpperCase(Locale.ROOT));
            if (parsed == ObjectLockMode.UNKNOWN_TO_SDK_VERSION) {
                throw new InvalidRequest("the Object Lock mode is GOVERNANCE or COMPLIANCE, not " + Names.quote(mode));
            }
            return new WriteOnce(prefix, parsed, Duration.ofDays(days));
        }
    }

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final WriteOnce writeOnce;
    private S3Upload.Retention asked;
    private String refusal;

    /** @param writeOnce the write-once copy, or {@code null} for none */
    public EvidenceCopy(S3Client s3, String bucket, String prefix, WriteOnce writeOnce) {
        this.s3 = s3;
        this.bucket = Names.requireSubdomain(bucket, "bucket name");
        this.prefix = prefix == null ? "" : prefix;
        this.writeOnce = writeOnce;
    }

    private S3Bundle copy(String bundle) {
        return new S3Bundle(s3, bucket, join(prefix, bundle));
    }

    private S3Bundle lockedCopy(String bundle) {
        return new S3Bundle(s3, bucket, join(writeOnce.prefix(), bundle));
    }

    private static String join(String prefix, String bundle) {
        return (prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/") + bundle;
    }

    /** What the plan shows; the bucket must exist and nothing may be stored where the copies go. */
    List<Change> plan(String bundle) {
        List<Change> changes = new ArrayList<>();
        changes.add(new Change("/evidence/s3", null, "copy to " + checkedEmpty(copy(bundle))));
        if (writeOnce != null) {
            changes.add(new Change("/evidence/s3-write-once", null, "write-once copy to %s, Object Lock %s for %d days, confirmed by reading it back"
                    .formatted(checkedEmpty(lockedCopy(bundle)), writeOnce.mode(), writeOnce.keepFor().toDays())));
        }
        return changes;
    }

    private static String checkedEmpty(S3Bundle copy) {
        try {
            if (copy.exists()) {
                throw new Refused("%s already holds evidence; evidence is never overwritten; capture into another --out directory".formatted(copy.describe()));
            }
            return copy.describe();
        } catch (SdkException e) {
            throw new Unavailable("cannot read %s (%s): check the bucket name, --s3-endpoint/--s3-region and the S3 credentials; nothing was captured yet"
                    .formatted(copy.describe(), e.getMessage()), e);
        }
    }

    /**
     * Uploads the copies. A failed plain copy fails the capture (the local bundle stays); a store that refuses
     * Object Lock leaves the write-once copy out, and the verification says so.
     *
     * @return where the copies are, for the record
     */
    Map<String, Object> upload(String bundle, Path directory, EvidenceManifest manifest, Instant now, Progress progress) throws IOException {
        Map<String, Object> where = new LinkedHashMap<>();
        S3Bundle copy = copy(bundle);
        copy.upload(directory, manifest, null, progress);
        where.put("s3", copy.describe());
        if (writeOnce != null) {
            S3Bundle locked = lockedCopy(bundle);
            // S3 keeps retention dates to the second; asking for whole seconds lets the read-back compare exactly.
            asked = new S3Upload.Retention(writeOnce.mode(), now.plus(writeOnce.keepFor()).truncatedTo(ChronoUnit.SECONDS));
            try {
                locked.upload(directory, manifest, asked, progress);
            } catch (S3Exception e) {
                refusal = describe(e);
                progress.report("execute", "%s refused Object Lock (%s): no write-once copy".formatted(locked.describe(), refusal));
            }
            where.put("writeOnce", locked.describe());
            where.put("retainUntil", asked.until().toString());
        }
        return where;
    }

    /** Every problem with the copies: checksums re-read from S3, then the write-once copy's retention read back. */
    List<String> verify(String bundle, Progress progress) throws IOException {
        List<String> problems = new ArrayList<>();
        S3Bundle copy = copy(bundle);
        EvidenceVerifier.verify(copy, progress).problems().forEach(p -> problems.add(copy.describe() + ": " + p));
        if (writeOnce == null) {
            return problems;
        }
        S3Bundle locked = lockedCopy(bundle);
        if (refusal != null) {
            problems.add("%s: the store refused Object Lock (%s), so there is no write-once copy; keep the evidence elsewhere or use a bucket created with Object Lock"
                    .formatted(locked.describe(), refusal));
            return problems;
        }
        EvidenceVerifier.verify(locked, progress).problems().forEach(p -> problems.add(locked.describe() + ": " + p));
        confirmRetention(locked).ifPresent(problems::add);
        return problems;
    }

    private Optional<String> confirmRetention(S3Bundle locked) throws IOException {
        for (String path : locked.files().keySet()) {
            ObjectLockRetention retention;
            try {
                retention = locked.retention(path);
            } catch (S3Exception e) {
                return Optional.of(("%s: the store accepted the upload, but its retention could not be confirmed by reading it back "
                        + "(GetObjectRetention on %s: %s); it may have ignored the Object Lock headers: do not count this copy as write-once")
                        .formatted(locked.describe(), path, describe(e)));
            }
            Optional<String> shortfall = shortfall(retention, asked);
            if (shortfall.isPresent()) {
                return Optional.of("%s%s: %s; do not count this copy as write-once".formatted(locked.describe(), path, shortfall.get()));
            }
        }
        return Optional.empty();
    }

    /** Whether the retention read back from an object is at least what was asked for; if not, how it falls short. */
    static Optional<String> shortfall(ObjectLockRetention actual, S3Upload.Retention asked) {
        if (actual == null || actual.mode() == null || actual.retainUntilDate() == null) {
            return Optional.of("the store reports no retention, where %s until %s was asked for".formatted(asked.mode(), asked.until()));
        }
        if (!asked.mode().toString().equals(actual.modeAsString()) || actual.retainUntilDate().isBefore(asked.until())) {
            return Optional.of("the store reports %s until %s, where %s until %s was asked for".formatted(actual.modeAsString(),
                    actual.retainUntilDate(), asked.mode(), asked.until()));
        }
        return Optional.empty();
    }

    /** The store's answer in one line: error code, HTTP status and message (no credentials are in them). */
    private static String describe(S3Exception e) {
        return e.awsErrorDetails() == null ? "HTTP %d".formatted(e.statusCode())
                : "%s, HTTP %d: %s".formatted(e.awsErrorDetails().errorCode(), e.statusCode(), e.awsErrorDetails().errorMessage());
    }

    /** Where the write-once retention stands once uploaded: what was asked, or why there is none. */
    String writeOnceSummary() {
        if (writeOnce == null) {
            return "";
        }
        return refusal != null ? "no write-once copy (Object Lock refused)"
                : "write-once copy retained %s until %s, read back from every object".formatted(asked.mode(), asked.until());
    }
}
