package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import edu.umd.cs.findbugs.annotations.NonNull;

/** Mirror (jenkins-api.md §5). */
public interface UsernameCredentials extends Credentials {
    @NonNull
    String getUsername();
}
