package hudson;

import hudson.remoting.VirtualChannel;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;

/** Mirror (jenkins-api.md §4): a file on the node that holds it; work is sent there with {@link #act}. */
public final class FilePath implements Serializable {
    private FilePath() {
    }

    public <T> T act(FileCallable<T> callable) throws IOException, InterruptedException {
        throw new UnsupportedOperationException();
    }

    /** Code run on the node that holds the file, with the file as a local {@link File}. */
    public interface FileCallable<T> extends Serializable {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }
}
