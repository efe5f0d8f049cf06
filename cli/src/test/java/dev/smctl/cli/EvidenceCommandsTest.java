package dev.smctl.cli;

import dev.smctl.RealServers;
import dev.smctl.TestDatabases;
import dev.smctl.db.DatabaseAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code smctl forensics capture --s3-bucket} and {@code smctl evidence verify s3://...} against the sandbox and S3Proxy. */
class EvidenceCommandsTest extends CliSandboxCase {
    S3Client s3;
    String bucket;
    String endpoint;
    DatabaseAccess db;

    /** The CLI takes S3 credentials from the AWS chain; its first link is these system properties. */
    @BeforeEach
    void s3AndADatabase() throws Exception {
        System.setProperty("aws.accessKeyId", RealServers.S3_ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", RealServers.S3_SECRET_KEY);
        s3 = RealServers.s3Client();
        bucket = RealServers.newBucket(s3, "cli-evidence");
        endpoint = RealServers.s3().toString();
        db = TestDatabases.create("cli_evidence", 20);
    }

    @AfterEach
    void forgetCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void capturesIntoS3AndVerifiesTheCopyThere() throws Exception {
        Path bundle = dir.resolve("evidence-cli");

        CliRun capture = smctl("forensics", "capture", "--out", bundle.toString(), "--db-url", db.toString(), "--s3-bucket", bucket,
                "--s3-endpoint", endpoint);

        assertThat(capture.exitCode()).as(capture.all()).isZero();
        assertThat(capture.out()).contains("and its S3 copies verifies");
        String location = "s3://%s/evidence/evidence-cli/".formatted(bucket);
        CliRun verify = CliRun.of("evidence", "verify", location, "--s3-endpoint", endpoint);
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(verify.out()).startsWith(location + ": intact (");
        assertThat(verify.err()).contains("[transfer] verifying " + location);

        String log = s3.listObjectsV2(r -> r.bucket(bucket).prefix("evidence/evidence-cli/logs/")).contents().get(0).key();
        s3.putObject(r -> r.bucket(bucket).key(log), RequestBody.fromString("nothing to see here\n"));
        CliRun tampered = CliRun.of("evidence", "verify", location, "--s3-endpoint", endpoint);
        assertThat(tampered.exitCode()).isEqualTo(1);
        assertThat(tampered.err()).contains(location + ": " + log.substring("evidence/evidence-cli/".length()) + ": modified");

        // The S3 secret reached the tool through the credential chain and went nowhere else.
        assertThat(capture.all() + verify.all() + tampered.all() + Files.readString(audit)).doesNotContain(RealServers.S3_SECRET_KEY);
        try (Stream<Path> files = Files.walk(bundle)) {
            assertThat(files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".dump")))
                    .allSatisfy(p -> assertThat(Files.readString(p)).doesNotContain(RealServers.S3_SECRET_KEY));
        }
    }

    @Test
    void aWriteOnceCopyOnAStoreWithoutObjectLockFailsAndSaysWhy() {
        CliRun capture = smctl("forensics", "capture", "--out", dir.resolve("evidence-locked").toString(), "--db-url", db.toString(),
                "--s3-bucket", bucket, "--s3-endpoint", endpoint, "--object-lock-days", "7");

        assertThat(capture.exitCode()).as(capture.all()).isEqualTo(1);
        assertThat(capture.out()).contains("the store refused Object Lock (NotImplemented, HTTP 501").contains("there is no write-once copy");
        assertThat(CliRun.of("evidence", "verify", "s3://%s/evidence/evidence-locked".formatted(bucket), "--s3-endpoint", endpoint).exitCode())
                .isZero();
    }

    @Test
    void badS3OptionsAreExitTwoAndWriteNothing() {
        Path out = dir.resolve("evidence-bad");

        CliRun noBucket = smctl("forensics", "capture", "--out", out.toString(), "--object-lock-days", "7");
        assertThat(noBucket.exitCode()).isEqualTo(2);
        assertThat(noBucket.err()).contains("--object-lock-days needs --s3-bucket");

        CliRun badMode = smctl("forensics", "capture", "--out", out.toString(), "--s3-bucket", bucket, "--s3-endpoint", endpoint,
                "--object-lock-days", "7", "--object-lock-mode", "forever");
        assertThat(badMode.exitCode()).isEqualTo(2);
        assertThat(badMode.err()).contains("the Object Lock mode is GOVERNANCE or COMPLIANCE, not \"forever\"");

        CliRun badBucket = smctl("forensics", "capture", "--out", out.toString(), "--s3-bucket", "Evidence_Bucket", "--s3-endpoint", endpoint);
        assertThat(badBucket.exitCode()).isEqualTo(2);
        assertThat(badBucket.err()).contains("bucket name \"Evidence_Bucket\" is not a valid name");

        CliRun missingBucket = smctl("forensics", "capture", "--out", out.toString(), "--s3-bucket", "no-such-bucket-7", "--s3-endpoint", endpoint);
        assertThat(missingBucket.exitCode()).isEqualTo(2);
        assertThat(missingBucket.out()).contains("bucket no-such-bucket-7 does not exist");
        assertThat(out).doesNotExist();

        CliRun verifyMissing = CliRun.of("evidence", "verify", "s3://no-such-bucket-7/evidence/x", "--s3-endpoint", endpoint);
        assertThat(verifyMissing.exitCode()).isEqualTo(2);
        assertThat(verifyMissing.err()).contains("bucket no-such-bucket-7 does not exist");
    }
}
