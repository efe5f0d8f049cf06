package dev.smctl.jenkins.work;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;

/**
 * Turns a step's common arguments into its settings: an argument wins over the global configuration's default;
 * credentials IDs are resolved here, so a wrong ID fails before anything is planned.
 */
public final class SettingsResolver {
    private final Defaults defaults;
    private final CredentialLookup credentials;

    public SettingsResolver(Defaults defaults, CredentialLookup credentials) {
        this.defaults = defaults;
        this.credentials = credentials;
    }

    /**
     * @throws InvalidRequest for a namespace that is not a DNS-1123 label, or credentials that cannot be used
     */
    public StepSettings resolve(String function, CommonArguments given, Requester requester) {
        String namespace = or(given.namespace(), defaults.namespace());
        if (namespace != null) {
            Names.requireLabel(namespace, "namespace");
        }
        String kubeconfigId = or(given.kubeconfigCredentialsId(), defaults.kubeconfigCredentialsId());
        return new StepSettings(function, requester, given.reason() == null ? "" : given.reason(), given.dryRun(), namespace,
                kubeconfigId == null ? null : credentials.kubeconfig(kubeconfigId), database(given), backups(given), cache(given));
    }

    private CacheTarget cache(CommonArguments given) {
        String address = or(given.redis(), defaults.redis());
        if (address == null) {
            return null;
        }
        String passwordId = or(given.redisCredentialsId(), defaults.redisCredentialsId());
        return new CacheTarget(address, passwordId == null ? null : credentials.secretText(passwordId));
    }

    private DatabaseTarget database(CommonArguments given) {
        String url = or(given.databaseUrl(), defaults.databaseUrl());
        if (url == null) {
            return null;
        }
        String loginId = or(given.databaseCredentialsId(), defaults.databaseCredentialsId());
        return new DatabaseTarget(url, loginId == null ? null : credentials.usernamePassword(loginId));
    }

    private BackupLocation backups(CommonArguments given) {
        String bucket = or(given.s3Bucket(), defaults.s3Bucket());
        if (bucket == null) {
            return null;
        }
        String keysId = or(given.s3CredentialsId(), defaults.s3CredentialsId());
        return new BackupLocation(bucket, orElse(or(given.s3Prefix(), defaults.s3Prefix()), "postgres/"),
                orElse(or(given.s3Region(), defaults.s3Region()), "eu-west-1"), or(given.s3Endpoint(), defaults.s3Endpoint()),
                keysId == null ? null : credentials.usernamePassword(keysId));
    }

    /** The argument when given (not blank), else the default. */
    private static String or(String argument, String fallback) {
        return argument != null && !argument.isBlank() ? argument.strip() : fallback != null && !fallback.isBlank() ? fallback.strip() : null;
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
