package dev.smctl.jenkins.work;

import dev.smctl.storage.BackupSink;
import dev.smctl.storage.BackupStore;
import dev.smctl.storage.S3BackupSink;
import dev.smctl.storage.S3BackupStore;
import dev.smctl.storage.S3Clients;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;

/**
 * Where backups and evidence live: an S3 bucket and prefix, with the access key pair from username/password
 * credentials (username = access key id, password = secret key), else the AWS credential chain of the machine.
 *
 * @param endpoint an S3-compatible endpoint, or {@code null} for AWS
 */
public record BackupLocation(String bucket, String prefix, String region, String endpoint, UsernamePassword keys) implements Serializable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    public BackupStore store(S3Client client) {
        return new S3BackupStore(client, bucket, prefix);
    }

    public BackupSink sink(S3Client client) {
        return new S3BackupSink(client, bucket, prefix);
    }

    /** A new client for this location; building one takes a second or more, so a step builds one and closes it. */
    S3Client client() {
        return S3Clients.create(region, endpoint == null ? null : URI.create(endpoint),
                keys == null ? null : StaticCredentialsProvider.create(AwsBasicCredentials.create(keys.username(), keys.password().value())),
                TIMEOUT);
    }
}
