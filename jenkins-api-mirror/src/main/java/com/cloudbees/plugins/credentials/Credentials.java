package com.cloudbees.plugins.credentials;

import hudson.ExtensionPoint;

import java.io.Serializable;

/** Mirror (jenkins-api.md §5): any stored credential. */
public interface Credentials extends Serializable, ExtensionPoint {
}
