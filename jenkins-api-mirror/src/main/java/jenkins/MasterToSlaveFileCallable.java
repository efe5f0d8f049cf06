package jenkins;

import hudson.FilePath;

/** Mirror (jenkins-api.md §4): a file callable the controller may send to an agent (it implements the role check). */
public abstract class MasterToSlaveFileCallable<T> implements FilePath.FileCallable<T> {
}
