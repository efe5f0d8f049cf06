package hudson.model;

import hudson.ExtensionPoint;

/** Mirror (jenkins-api.md §7): a root action reachable without Overall/Read; its authentication is the plugin's own. */
public interface UnprotectedRootAction extends RootAction, ExtensionPoint {
}
