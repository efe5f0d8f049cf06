package dev.smctl.jenkins.work;

/**
 * Credentials by ID, as the build may use them. In Jenkins this is the credentials store seen from the build
 * (CredentialsProvider); the plain classes only see this interface.
 */
public interface CredentialLookup {
    /**
     * A kubeconfig, from file credentials or secret text.
     *
     * @throws dev.smctl.engine.InvalidRequest when the ID is unknown, not permitted or of another type
     */
    Sensitive kubeconfig(String id);

    /** @throws dev.smctl.engine.InvalidRequest when the ID is unknown, not permitted or of another type */
    UsernamePassword usernamePassword(String id);

    /** A password held as secret text (the cache's). @throws dev.smctl.engine.InvalidRequest as above */
    Sensitive secretText(String id);
}
