package dev.smctl.jenkins;

import dev.smctl.approval.GroupDirectory;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.jenkins.work.AlertEndpoint;
import dev.smctl.jenkins.work.ApproverGroups;
import dev.smctl.jenkins.work.Defaults;
import dev.smctl.jenkins.work.Sensitive;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.util.Secret;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Manage Jenkins » System » smctl: what steps use when they leave an argument out, and what the approval gates
 * and the alert receiver read. Every field is a plain setter, so Configuration as Code sets it as
 * {@code unclassified: smctl: defaultNamespace: production} (see resources/smctl/jenkins/casc.yaml).
 */
@Extension
@Symbol("smctl")
public final class SmctlConfiguration extends GlobalConfiguration {
    private String defaultNamespace;
    private String kubeconfigCredentialsId;
    private String databaseUrl;
    private String databaseCredentialsId;
    private String s3Bucket;
    private String s3Prefix;
    private String s3Region;
    private String s3Endpoint;
    private String s3CredentialsId;
    private String redis;
    private String redisCredentialsId;
    private String approverGroups;
    private String alertRoutesFile;
    private Secret alertToken;
    private String alertAuditLog;

    public SmctlConfiguration() {
        load();
    }

    public static SmctlConfiguration get() {
        return ExtensionList.lookupSingleton(SmctlConfiguration.class);
    }

    @Override
    public String getDisplayName() {
        return "smctl";
    }

    /** @throws InvalidRequest naming the field to set when the alert receiver cannot be built from what is set */
    AlertEndpoint.Settings alertSettings() {
        String token = alertToken == null ? null : alertToken.getPlainText();
        return new AlertEndpoint.Settings(token == null || token.isEmpty() ? null : new Sensitive(token), alertRoutesFile, defaultNamespace,
                alertAuditLog);
    }

    Defaults defaults() {
        return new Defaults(defaultNamespace, kubeconfigCredentialsId, databaseUrl, databaseCredentialsId, s3Bucket, s3Prefix, s3Region,
                s3Endpoint, s3CredentialsId, redis, redisCredentialsId);
    }

    public String getDefaultNamespace() {
        return defaultNamespace;
    }

    @DataBoundSetter
    public void setDefaultNamespace(String defaultNamespace) {
        this.defaultNamespace = SmStep.fixEmpty(defaultNamespace);
        save();
    }

    public String getKubeconfigCredentialsId() {
        return kubeconfigCredentialsId;
    }

    @DataBoundSetter
    public void setKubeconfigCredentialsId(String kubeconfigCredentialsId) {
        this.kubeconfigCredentialsId = SmStep.fixEmpty(kubeconfigCredentialsId);
        save();
    }

    public String getDatabaseUrl() {
        return databaseUrl;
    }

    @DataBoundSetter
    public void setDatabaseUrl(String databaseUrl) {
        this.databaseUrl = SmStep.fixEmpty(databaseUrl);
        save();
    }

    public String getDatabaseCredentialsId() {
        return databaseCredentialsId;
    }

    @DataBoundSetter
    public void setDatabaseCredentialsId(String databaseCredentialsId) {
        this.databaseCredentialsId = SmStep.fixEmpty(databaseCredentialsId);
        save();
    }

    public String getS3Bucket() {
        return s3Bucket;
    }

    @DataBoundSetter
    public void setS3Bucket(String s3Bucket) {
        this.s3Bucket = SmStep.fixEmpty(s3Bucket);
        save();
    }

    public String getS3Prefix() {
        return s3Prefix;
    }

    @DataBoundSetter
    public void setS3Prefix(String s3Prefix) {
        this.s3Prefix = SmStep.fixEmpty(s3Prefix);
        save();
    }

    public String getS3Region() {
        return s3Region;
    }

    @DataBoundSetter
    public void setS3Region(String s3Region) {
        this.s3Region = SmStep.fixEmpty(s3Region);
        save();
    }

    public String getS3Endpoint() {
        return s3Endpoint;
    }

    @DataBoundSetter
    public void setS3Endpoint(String s3Endpoint) {
        this.s3Endpoint = SmStep.fixEmpty(s3Endpoint);
        save();
    }

    public String getS3CredentialsId() {
        return s3CredentialsId;
    }

    @DataBoundSetter
    public void setS3CredentialsId(String s3CredentialsId) {
        this.s3CredentialsId = SmStep.fixEmpty(s3CredentialsId);
        save();
    }

    public String getRedis() {
        return redis;
    }

    @DataBoundSetter
    public void setRedis(String redis) {
        this.redis = SmStep.fixEmpty(redis);
        save();
    }

    public String getRedisCredentialsId() {
        return redisCredentialsId;
    }

    @DataBoundSetter
    public void setRedisCredentialsId(String redisCredentialsId) {
        this.redisCredentialsId = SmStep.fixEmpty(redisCredentialsId);
        save();
    }

    /**
     * Who belongs to each approver group the runbooks' gates name, as YAML ({@code security-team: [carol, dave]}),
     * the same map {@code smctl --groups} reads, so Jenkins and break-glass runs count the same people. It is the
     * plugin's own list rather than the security realm's groups because Jenkins administrators can answer any
     * {@code input} whatever its {@code submitter}: this list decides whose answer counts.
     */
    public String getApproverGroups() {
        return approverGroups;
    }

    /** @throws InvalidRequest when the text is not a map from group to members; the previous list stays */
    @DataBoundSetter
    public void setApproverGroups(String approverGroups) {
        String given = SmStep.fixEmpty(approverGroups);
        ApproverGroups.of(given);
        this.approverGroups = given;
        save();
    }

    /** Group membership for the approval gates; knowing no groups (only approvers named one by one count) when unset. */
    GroupDirectory approverDirectory() {
        return ApproverGroups.of(approverGroups);
    }

    /** Path, on the controller, of the alert routing rules (routes.yaml); empty: the shipped resources/smctl/alerts/routes.yaml. */
    public String getAlertRoutesFile() {
        return alertRoutesFile;
    }

    @DataBoundSetter
    public void setAlertRoutesFile(String alertRoutesFile) {
        this.alertRoutesFile = SmStep.fixEmpty(alertRoutesFile);
        save();
    }

    /** The bearer token Alertmanager sends to {@code <JENKINS_URL>/smctl-alerts/receive}; at least 16 characters. */
    public Secret getAlertToken() {
        return alertToken;
    }

    @DataBoundSetter
    public void setAlertToken(Secret alertToken) {
        this.alertToken = alertToken;
        save();
    }

    /** Path, on the controller, of the alert receiver's hash-chained audit log. */
    public String getAlertAuditLog() {
        return alertAuditLog;
    }

    @DataBoundSetter
    public void setAlertAuditLog(String alertAuditLog) {
        this.alertAuditLog = SmStep.fixEmpty(alertAuditLog);
        save();
    }
}
