package dev.smctl.storage;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.time.Duration;

/** S3 clients as the runbook's buckets need them: the AWS credential chain, a region, an optional endpoint. */
public final class S3Clients {
    private S3Clients() {
    }

    /**
     * @param endpoint an S3-compatible endpoint (path-style), or {@code null} for AWS
     * @param credentials {@code null} for the AWS default chain (environment, profile, instance role)
     */
    public static S3Client create(String region, URI endpoint, AwsCredentialsProvider credentials, Duration timeout) {
        var builder = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout));
        if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
        }
        return builder.build();
    }
}
