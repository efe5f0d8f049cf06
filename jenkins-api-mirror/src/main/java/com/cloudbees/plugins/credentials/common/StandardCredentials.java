package com.cloudbees.plugins.credentials.common;

/** Mirror (jenkins-api.md §5): no member of its own is used. */
public interface StandardCredentials extends IdCredentials {
}
