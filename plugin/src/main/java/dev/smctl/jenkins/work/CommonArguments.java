package dev.smctl.jenkins.work;

/**
 * The arguments every step takes (docs/pipeline-steps.md, "Common arguments"), as given; {@code null} when left
 * out. The database, S3 and Redis ones are {@code null} for steps that do not use them.
 *
 * @param redis the cache as {@code HOST:PORT[/DB]}
 */
public record CommonArguments(String namespace, String reason, boolean dryRun, String kubeconfigCredentialsId,
                              String databaseUrl, String databaseCredentialsId,
                              String s3Bucket, String s3Prefix, String s3Region, String s3Endpoint, String s3CredentialsId,
                              String redis, String redisCredentialsId) {
}
