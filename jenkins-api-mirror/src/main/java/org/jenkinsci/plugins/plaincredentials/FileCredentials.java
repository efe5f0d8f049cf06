package org.jenkinsci.plugins.plaincredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;

import java.io.IOException;
import java.io.InputStream;

/** Mirror (jenkins-api.md §5): a secret file. */
public interface FileCredentials extends StandardCredentials {
    @NonNull
    InputStream getContent() throws IOException;
}
