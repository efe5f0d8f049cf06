package dev.smctl.evidence;

import dev.smctl.RealServers;
import dev.smctl.Remediation;
import dev.smctl.TestDatabases;
import dev.smctl.audit.AuditLog;
import dev.smctl.db.DatabaseAccess;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Actor;
import dev.smctl.engine.Gate;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Progress;
import dev.smctl.engine.ProgressEvent;
import dev.smctl.engine.Status;
import dev.smctl.storage.S3Upload;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * P0-03's evidence copied to S3 (S3Proxy 4.1.0 on loopback) and read back; and what a write-once copy meets on a
 * store without Object Lock: S3Proxy refuses the headers (501 NotImplemented) by default, and ignores them when
 * told to ignore unknown headers. Neither is write-once, and the capture must not say it is.
 */
class EvidenceS3Test {
    static final String BUNDLE = "evidence-20261128-031500";

    @TempDir
    Path dir;
    DatabaseAccess db;
    Remediation engine;
    final List<ProgressEvent> events = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabases.create("forensics", 500);
        engine = new Remediation(null, new AuditLog(dir.resolve("audit.jsonl")), Gate.NONE, Remediation.Settings.defaults());
    }

    ActionResult capture(EvidenceCopy copy) {
        return engine.captureForensics("production", Map.of("component", "backend"), db, dir.resolve(BUNDLE), copy,
                new Invocation(Actor.user("alice"), "P0-03", "smctl", false), Progress.collectingInto(events));
    }

    static List<String> keys(S3Client s3, String bucket, String prefix) {
        return s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    @Test
    void theBundleIsCopiedToS3AndTheCopyVerifiesUntilItIsTamperedWith() throws Exception {
        S3Client s3 = RealServers.s3Client();
        String bucket = RealServers.newBucket(s3, "evidence");

        ActionResult result = capture(new EvidenceCopy(s3, bucket, "evidence/", null));

        assertThat(result.status()).as(result.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(result.message()).contains("and its S3 copies verifies");
        String dump = "database/" + db.database() + ".dump";
        assertThat(keys(s3, bucket, "evidence/" + BUNDLE + "/")).containsExactlyInAnyOrder(
                "evidence/" + BUNDLE + "/" + dump, "evidence/" + BUNDLE + "/" + EvidenceBundle.MANIFEST);
        assertThat(result.after()).containsEntry("s3", "s3://%s/evidence/%s/".formatted(bucket, BUNDLE));
        S3Bundle copy = S3Bundle.at(s3, "s3://%s/evidence/%s".formatted(bucket, BUNDLE));
        assertThat(EvidenceVerifier.verify(copy, Progress.NONE).intact()).isTrue();
        assertThat(events).anyMatch(e -> e.phase().equals("transfer") && e.message().startsWith("uploading evidence to s3://" + bucket));

        String key = "evidence/" + BUNDLE + "/" + dump;
        byte[] original = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        original[original.length / 2] ^= 1;
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(original));
        s3.putObject(r -> r.bucket(bucket).key("evidence/" + BUNDLE + "/planted.txt"), RequestBody.fromString("x"));
        assertThat(EvidenceVerifier.verify(copy, Progress.NONE).problems()).containsExactlyInAnyOrder(
                dump + ": modified (SHA-256 %s, manifest says %s)".formatted(sha256Prefix(original), manifestPrefix(dump)),
                "planted.txt: not in the manifest (added after the capture)");

        s3.deleteObject(r -> r.bucket(bucket).key(key));
        assertThat(EvidenceVerifier.verify(copy, Progress.NONE).problems()).contains(dump + ": missing");
    }

    String sha256Prefix(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(dev.smctl.engine.Sha256.digest().digest(bytes)).substring(0, 16);
    }

    String manifestPrefix(String path) throws Exception {
        return Files.readAllLines(dir.resolve(BUNDLE).resolve(EvidenceBundle.MANIFEST)).stream().filter(l -> l.endsWith("  " + path))
                .findFirst().orElseThrow().substring(0, 16);
    }

    @Test
    void aStoreThatRefusesObjectLockLeavesNoWriteOnceCopyAndTheCaptureSaysSo() {
        S3Client s3 = RealServers.s3Client();
        String bucket = RealServers.newBucket(s3, "refusing");

        ActionResult result = capture(new EvidenceCopy(s3, bucket, "evidence/",
                new EvidenceCopy.WriteOnce("evidence-locked/", ObjectLockMode.GOVERNANCE, Duration.ofDays(30))));

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).contains("s3://%s/evidence-locked/%s/: the store refused Object Lock (NotImplemented, HTTP 501".formatted(bucket, BUNDLE))
                .contains("there is no write-once copy");
        assertThat(keys(s3, bucket, "evidence-locked/")).isEmpty();
        // What could be kept is kept, and verifies.
        assertThat(result.message()).doesNotContain("modified").doesNotContain("missing");
        assertThat(keys(s3, bucket, "evidence/" + BUNDLE + "/")).hasSize(2);
    }

    @Test
    void aStoreThatIgnoresObjectLockIsNotCountedAsWriteOnce() {
        URI lenient = RealServers.s3IgnoringUnknownHeaders();
        S3Client s3 = RealServers.s3Client(lenient);
        String bucket = RealServers.newBucket(s3, "ignoring");

        ActionResult result = capture(new EvidenceCopy(s3, bucket, "evidence/",
                new EvidenceCopy.WriteOnce("evidence-locked/", ObjectLockMode.COMPLIANCE, Duration.ofDays(365))));

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).contains("the store accepted the upload, but its retention could not be confirmed by reading it back")
                .contains("GetObjectRetention on ").contains("NotImplemented, HTTP 501")
                .contains("do not count this copy as write-once");
        // The store took the objects with the Object Lock headers, and they are not locked: deleting one works.
        String locked = "evidence-locked/" + BUNDLE + "/" + EvidenceBundle.MANIFEST;
        assertThat(keys(s3, bucket, "evidence-locked/")).contains(locked);
        s3.deleteObject(r -> r.bucket(bucket).key(locked));
        assertThat(keys(s3, bucket, "evidence-locked/")).doesNotContain(locked);
    }

    @Test
    void aMissingBucketIsRefusedBeforeAnythingIsCaptured() {
        S3Client s3 = RealServers.s3Client();

        ActionResult result = capture(new EvidenceCopy(s3, "no-such-bucket-9", "evidence/", null));

        assertThat(result.status()).isEqualTo(Status.REFUSED);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.message()).isEqualTo("bucket no-such-bucket-9 does not exist (or this account cannot see it); check the bucket name and --s3-region");
        assertThat(dir.resolve(BUNDLE)).doesNotExist();
    }

    @Test
    void evidenceIsNeverOverwrittenInS3() {
        S3Client s3 = RealServers.s3Client();
        String bucket = RealServers.newBucket(s3, "taken");
        s3.putObject(r -> r.bucket(bucket).key("evidence/" + BUNDLE + "/MANIFEST.sha256"), RequestBody.fromString("earlier"));

        ActionResult result = capture(new EvidenceCopy(s3, bucket, "evidence/", null));

        assertThat(result.status()).isEqualTo(Status.REFUSED);
        assertThat(result.message()).contains("already holds evidence; evidence is never overwritten");
        assertThat(dir.resolve(BUNDLE)).doesNotExist();
    }

    @Test
    void aFileChangedAfterItsChecksumIsNeverUploaded() throws Exception {
        S3Client s3 = RealServers.s3Client();
        String bucket = RealServers.newBucket(s3, "changed");
        EvidenceBundle bundle = new EvidenceBundle(dir.resolve(BUNDLE));
        bundle.add("logs/backend.log", "ERROR 1\n");
        EvidenceManifest manifest = bundle.seal();
        Files.writeString(dir.resolve(BUNDLE).resolve("logs/backend.log"), "nothing happened\n");

        S3Bundle copy = new S3Bundle(s3, bucket, "evidence/" + BUNDLE);
        assertThatThrownBy(() -> copy.upload(dir.resolve(BUNDLE), manifest, null, Progress.NONE))
                .hasMessageStartingWith("logs/backend.log changed after it was captured");
        assertThat(keys(s3, bucket, "")).isEmpty();
    }

    @Test
    void verifyingWhatIsNotABundleSaysSo() {
        S3Client s3 = RealServers.s3Client();
        String bucket = RealServers.newBucket(s3, "empty");

        assertThatThrownBy(() -> EvidenceVerifier.verify(S3Bundle.at(s3, "s3://" + bucket + "/evidence/x"), Progress.NONE))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("has no MANIFEST.sha256");
        assertThatThrownBy(() -> S3Bundle.at(s3, "s3:/bucket")).isInstanceOf(InvalidRequest.class).hasMessageContaining("s3://BUCKET/PREFIX");
    }

    @Test
    void retentionReadBackMustBeAtLeastWhatWasAsked() {
        Instant until = Instant.parse("2027-11-28T03:15:00Z");
        S3Upload.Retention asked = new S3Upload.Retention(ObjectLockMode.COMPLIANCE, until);

        assertThat(EvidenceCopy.shortfall(ObjectLockRetention.builder().mode("COMPLIANCE").retainUntilDate(until).build(), asked)).isEmpty();
        assertThat(EvidenceCopy.shortfall(ObjectLockRetention.builder().mode("COMPLIANCE").retainUntilDate(until.plusSeconds(60)).build(), asked)).isEmpty();
        assertThat(EvidenceCopy.shortfall(ObjectLockRetention.builder().mode("GOVERNANCE").retainUntilDate(until).build(), asked)).contains(
                "the store reports GOVERNANCE until 2027-11-28T03:15:00Z, where COMPLIANCE until 2027-11-28T03:15:00Z was asked for");
        assertThat(EvidenceCopy.shortfall(ObjectLockRetention.builder().mode("COMPLIANCE").retainUntilDate(until.minusSeconds(1)).build(), asked))
                .isPresent();
        assertThat(EvidenceCopy.shortfall(null, asked)).contains(
                "the store reports no retention, where COMPLIANCE until 2027-11-28T03:15:00Z was asked for");
    }
}
