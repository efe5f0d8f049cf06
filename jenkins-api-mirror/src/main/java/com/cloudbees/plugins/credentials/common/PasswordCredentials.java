package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;

/** Mirror (jenkins-api.md §5). */
public interface PasswordCredentials extends Credentials {
    @NonNull
    Secret getPassword();
}
