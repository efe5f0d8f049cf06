package dev.smctl.jenkins.work;

/**
 * The arguments every step takes (docs/pipeline-steps.md, "Common arguments"), as given; {@code null} when left
 * out. The database and S3 ones are {@code null} for steps that do not use them.
 */
public record CommonArguments(String namespace, String reason, boolean dryRun, String kubeconfigCredentialsId,
                              String databaseUrl, String databaseCredentialsId,
                              String s3Bucket, String s3Prefix, String s3Region, String s3Endpoint, String s3CredentialsId) {
}
