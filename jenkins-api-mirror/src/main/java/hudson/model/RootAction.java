package hudson.model;

import hudson.ExtensionPoint;

/** Mirror (jenkins-api.md §7): an action added to Jenkins itself, at {@code <JENKINS_URL>/<urlName>/}. */
public interface RootAction extends Action, ExtensionPoint {
}
