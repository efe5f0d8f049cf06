package dev.smctl.storage;

import dev.smctl.RealServers;
import dev.smctl.engine.Progress;
import dev.smctl.engine.ProgressEvent;
import dev.smctl.engine.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Streamed transfers against S3Proxy: uploads in one request or in parts, nothing left by a failure; a download
 * hashed as it is written.
 */
class S3TransfersTest {
    final S3Client s3 = RealServers.s3Client();
    final String bucket = RealServers.newBucket(s3, "upload");
    final List<ProgressEvent> events = new ArrayList<>();

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aLargeStreamGoesUpInPartsAndComesBackIdentical() throws IOException {
        byte[] content = random(2 * S3Upload.PART + 12345);
        Transfer.Meter meter = Transfer.Meter.of(Progress.collectingInto(events), "uploading big", content.length).reportingEvery(Duration.ZERO);

        long written = S3Upload.put(s3, bucket, "big", new ByteArrayInputStream(content), null, meter);

        assertThat(written).isEqualTo(content.length);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("big")).asByteArray()).isEqualTo(content);
        // A multipart object's ETag ends with its part count.
        assertThat(s3.headObject(r -> r.bucket(bucket).key("big")).eTag()).endsWith("-3\"");
        // One report a part (the meter was told to report every time), percentages of the exact total.
        assertThat(events).extracting(ProgressEvent::message).satisfiesExactly(
                m -> assertThat(m).startsWith("uploading big: 8.0 MiB of 16.0 MiB (49%), ").contains("/s, ETA "),
                m -> assertThat(m).startsWith("uploading big: 16.0 MiB of 16.0 MiB (99%), "),
                m -> assertThat(m).startsWith("uploading big: 16.0 MiB of 16.0 MiB (100%), ").endsWith("ETA 0s"));
    }

    @Test
    void aBackupComesDownIdenticalAndHashedInOnePass(@TempDir Path dir) throws IOException {
        byte[] content = random(S3Upload.PART + 4321);
        s3.putObject(r -> r.bucket(bucket).key("postgres/db-20261128T030000Z.dump"), RequestBody.fromBytes(content));
        S3BackupStore store = new S3BackupStore(s3, bucket, "postgres/");
        Transfer.Meter meter = Transfer.Meter.of(Progress.collectingInto(events), "fetching", content.length);

        String sha256 = store.fetch(store.list().get(0), dir.resolve("copy"), meter);
        meter.finish();

        assertThat(sha256).isEqualTo(HexFormat.of().formatHex(Sha256.digest().digest(content)));
        assertThat(Files.readAllBytes(dir.resolve("copy"))).isEqualTo(content);
        assertThat(events).last().extracting(ProgressEvent::message).asString().startsWith("fetching: 8.0 MiB in ");
    }

    @Test
    void aSmallStreamIsOneRequest() throws IOException {
        long written = S3Upload.put(s3, bucket, "small", new ByteArrayInputStream("hello".getBytes()), null, Transfer.Meter.quiet());

        assertThat(written).isEqualTo(5);
        assertThat(s3.headObject(r -> r.bucket(bucket).key("small")).eTag()).doesNotContain("-");
    }

    @Test
    void aStreamThatFailsAtItsEndLeavesNoObjectAndNoParts() {
        InputStream failing = new CheckedAtEnd(new ByteArrayInputStream(random(S3Upload.PART + 10)), () -> {
            throw new IOException("pg_dump exited with 1");
        });

        assertThatThrownBy(() -> S3Upload.put(s3, bucket, "partial", failing, null, Transfer.Meter.quiet())).hasMessage("pg_dump exited with 1");

        assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).isEmpty();
        assertThat(s3.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
    }

    @Test
    void aStreamThatBreaksInTheMiddleLeavesNothing() {
        InputStream broken = new SequenceInputStream(new ByteArrayInputStream(random(S3Upload.PART * 2)), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection to pg_dump lost");
            }
        });

        assertThatThrownBy(() -> S3Upload.put(s3, bucket, "broken", broken, null, Transfer.Meter.quiet())).hasMessage("connection to pg_dump lost");

        assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).isEmpty();
        assertThat(s3.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
    }
}
