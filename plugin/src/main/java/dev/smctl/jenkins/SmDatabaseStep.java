package dev.smctl.jenkins;

import dev.smctl.jenkins.work.CommonArguments;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A step that talks to PostgreSQL, and to the backup store: it runs on the agent of the enclosing
 * {@code node {}}, where the database is reachable and the PostgreSQL client tools are installed
 * (resources/smctl/jenkins/database-agent-pod.yaml), so that dumps and restores never stream through the
 * controller.
 */
public abstract class SmDatabaseStep extends SmStep {
    private String databaseUrl;
    private String databaseCredentialsId;
    private String s3Bucket;
    private String s3Prefix;
    private String s3Region;
    private String s3Endpoint;
    private String s3CredentialsId;

    @Override
    boolean runsOnAgent() {
        return true;
    }

    @Override
    CommonArguments common() {
        CommonArguments cluster = super.common();
        return new CommonArguments(cluster.namespace(), cluster.reason(), cluster.dryRun(), cluster.kubeconfigCredentialsId(),
                databaseUrl, databaseCredentialsId, s3Bucket, s3Prefix, s3Region, s3Endpoint, s3CredentialsId, null, null);
    }

    public String getDatabaseUrl() {
        return databaseUrl;
    }

    @DataBoundSetter
    public void setDatabaseUrl(String databaseUrl) {
        this.databaseUrl = fixEmpty(databaseUrl);
    }

    public String getDatabaseCredentialsId() {
        return databaseCredentialsId;
    }

    @DataBoundSetter
    public void setDatabaseCredentialsId(String databaseCredentialsId) {
        this.databaseCredentialsId = fixEmpty(databaseCredentialsId);
    }

    public String getS3Bucket() {
        return s3Bucket;
    }

    @DataBoundSetter
    public void setS3Bucket(String s3Bucket) {
        this.s3Bucket = fixEmpty(s3Bucket);
    }

    public String getS3Prefix() {
        return s3Prefix;
    }

    @DataBoundSetter
    public void setS3Prefix(String s3Prefix) {
        this.s3Prefix = fixEmpty(s3Prefix);
    }

    public String getS3Region() {
        return s3Region;
    }

    @DataBoundSetter
    public void setS3Region(String s3Region) {
        this.s3Region = fixEmpty(s3Region);
    }

    public String getS3Endpoint() {
        return s3Endpoint;
    }

    @DataBoundSetter
    public void setS3Endpoint(String s3Endpoint) {
        this.s3Endpoint = fixEmpty(s3Endpoint);
    }

    public String getS3CredentialsId() {
        return s3CredentialsId;
    }

    @DataBoundSetter
    public void setS3CredentialsId(String s3CredentialsId) {
        this.s3CredentialsId = fixEmpty(s3CredentialsId);
    }
}
