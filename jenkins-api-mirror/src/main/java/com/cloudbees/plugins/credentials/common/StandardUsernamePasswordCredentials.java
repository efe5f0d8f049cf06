package com.cloudbees.plugins.credentials.common;

/**
 * Mirror (jenkins-api.md §5). The real interface reaches these through StandardUsernameCredentials and
 * UsernamePasswordCredentials, which the plugin never names.
 */
public interface StandardUsernamePasswordCredentials extends StandardCredentials, UsernameCredentials, PasswordCredentials {
}
