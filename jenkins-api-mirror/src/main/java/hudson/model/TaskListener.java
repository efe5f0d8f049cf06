package hudson.model;

import java.io.PrintStream;
import java.io.Serializable;

/** Mirror (jenkins-api.md §4): the build log. Serializable through the real SerializableOnlyOverRemoting. */
public interface TaskListener extends Serializable {
    PrintStream getLogger();
}
