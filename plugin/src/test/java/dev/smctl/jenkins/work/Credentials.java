package dev.smctl.jenkins.work;

import dev.smctl.engine.InvalidRequest;

import java.util.HashMap;
import java.util.Map;

/**
 * A credentials store held in memory, as the steps see Jenkins' through {@link CredentialLookup}. The Jenkins
 * side (RunCredentials over CredentialsProvider) is exercised by the JenkinsRule tests under -Pjenkins.
 */
final class Credentials implements CredentialLookup {
    private final Map<String, Object> byId = new HashMap<>();

    Credentials kubeconfig(String id, String content) {
        byId.put(id, new Sensitive(content));
        return this;
    }

    Credentials login(String id, String username, String password) {
        byId.put(id, new UsernamePassword(username, new Sensitive(password)));
        return this;
    }

    Credentials secretText(String id, String text) {
        byId.put(id, new SecretText(new Sensitive(text)));
        return this;
    }

    /** Secret text, apart from a kubeconfig held as secret text, so a test can tell the two lookups apart. */
    private record SecretText(Sensitive text) {
    }

    @Override
    public Sensitive kubeconfig(String id) {
        if (byId.get(id) instanceof Sensitive kubeconfig) {
            return kubeconfig;
        }
        throw new InvalidRequest("credentials \"%s\" not found, or this job may not use them".formatted(id));
    }

    @Override
    public Sensitive secretText(String id) {
        if (byId.get(id) instanceof SecretText text) {
            return text.text();
        }
        throw new InvalidRequest("credentials \"%s\" not found, or this job may not use them".formatted(id));
    }

    @Override
    public UsernamePassword usernamePassword(String id) {
        if (byId.get(id) instanceof UsernamePassword login) {
            return login;
        }
        throw new InvalidRequest("credentials \"%s\" not found, or this job may not use them".formatted(id));
    }
}
