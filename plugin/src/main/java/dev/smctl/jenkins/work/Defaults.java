package dev.smctl.jenkins.work;

/**
 * What the global configuration (Manage Jenkins » System » smctl) fills in when a step leaves an argument out.
 * Every field may be {@code null}.
 */
public record Defaults(String namespace, String kubeconfigCredentialsId, String databaseUrl, String databaseCredentialsId,
                       String s3Bucket, String s3Prefix, String s3Region, String s3Endpoint, String s3CredentialsId,
                       String redis, String redisCredentialsId) {
    public static final Defaults NONE = new Defaults(null, null, null, null, null, null, null, null, null, null, null);
}
