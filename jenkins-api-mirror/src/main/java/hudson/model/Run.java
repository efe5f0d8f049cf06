package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;

import java.io.File;
import java.io.IOException;

/** Mirror (jenkins-api.md §3.7, §6): the members of a build the plugin reads. */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable {
    /** The real constructors take arguments the plugin never passes; none is declared here. */
    private Run() {
    }

    public @NonNull String getExternalizableId() {
        throw new UnsupportedOperationException();
    }

    public @NonNull File getRootDir() {
        throw new UnsupportedOperationException();
    }

    public synchronized void save() throws IOException {
        throw new UnsupportedOperationException();
    }

    public @CheckForNull <T extends Cause> T getCause(Class<T> type) {
        throw new UnsupportedOperationException();
    }
}
