package dev.smctl.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.jenkins.work.CredentialLookup;
import dev.smctl.jenkins.work.Sensitive;
import dev.smctl.jenkins.work.UsernamePassword;
import hudson.model.Run;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Credentials as this build may use them: looked up by ID in the build's context (its job's folders, then the
 * global store, as the build's authentication; a {@code ${PARAM}} ID names a credentials parameter), type-checked,
 * and tracked on the build. Values go straight into {@link Sensitive}, which never prints them.
 */
final class RunCredentials implements CredentialLookup {
    private final Run<?, ?> run;

    RunCredentials(Run<?, ?> run) {
        this.run = run;
    }

    @Override
    public Sensitive kubeconfig(String id) {
        IdCredentials found = find(id);
        if (found instanceof FileCredentials file) {
            try (InputStream content = file.getContent()) {
                return Sensitive.ofCredentials(id, new String(content.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new InvalidRequest("the kubeconfig in credentials %s cannot be read: %s".formatted(Names.quote(id), e.getMessage()));
            }
        }
        if (found instanceof StringCredentials text) {
            return Sensitive.ofCredentials(id, text.getSecret().getPlainText());
        }
        throw wrongType(id, found, "a secret file or secret text holding a kubeconfig");
    }

    @Override
    public UsernamePassword usernamePassword(String id) {
        IdCredentials found = find(id);
        if (found instanceof StandardUsernamePasswordCredentials login) {
            return new UsernamePassword(login.getUsername(), Sensitive.ofCredentials(id, login.getPassword().getPlainText()));
        }
        throw wrongType(id, found, "username with password");
    }

    @Override
    public Sensitive secretText(String id) {
        IdCredentials found = find(id);
        if (found instanceof StringCredentials text) {
            return Sensitive.ofCredentials(id, text.getSecret().getPlainText());
        }
        throw wrongType(id, found, "secret text");
    }

    private IdCredentials find(String id) {
        IdCredentials found = CredentialsProvider.findCredentialById(id, IdCredentials.class, run);
        if (found == null) {
            throw new InvalidRequest(("credentials %s not found, or this job may not use them: check the ID in Manage Jenkins » Credentials "
                    + "and that they are in this job's folder or the global domain").formatted(Names.quote(id)));
        }
        return CredentialsProvider.track(run, found);
    }

    private static InvalidRequest wrongType(String id, IdCredentials found, String expected) {
        return new InvalidRequest("credentials %s are of type %s where %s was expected".formatted(Names.quote(id),
                found.getClass().getSimpleName(), expected));
    }
}
