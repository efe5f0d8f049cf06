package dev.smctl.cli;

import dev.smctl.storage.S3Clients;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.time.Duration;

/** Which S3: the AWS credential chain (environment, profile, instance role), a region, an optional endpoint. */
final class S3Options {
    @Option(names = "--s3-region", paramLabel = "REGION", defaultValue = "eu-west-1", description = "Bucket region (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "An S3-compatible endpoint instead of AWS.")
    URI endpoint;

    S3Client client() {
        return S3Clients.create(region, endpoint, null, Duration.ofSeconds(30));
    }
}
