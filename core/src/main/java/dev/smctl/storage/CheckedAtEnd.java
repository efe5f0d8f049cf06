package dev.smctl.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream whose end is checked before it is reported: when the content runs out, {@code check} runs and may fail
 * the read. An upload reading it is then aborted instead of completed with content that is known to be wrong (a
 * dump whose tool failed, a file that changed since its checksum was taken).
 */
public final class CheckedAtEnd extends FilterInputStream {
    /** What must hold once the content has been read to its end. */
    @FunctionalInterface
    public interface Check {
        void atEnd() throws IOException;
    }

    private final Check check;
    private boolean checked;

    public CheckedAtEnd(InputStream in, Check check) {
        super(in);
        this.check = check;
    }

    @Override
    public int read() throws IOException {
        int read = super.read();
        return read < 0 ? end(read) : read;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        return read < 0 ? end(read) : read;
    }

    private int end(int eof) throws IOException {
        if (!checked) {
            checked = true;
            check.atEnd();
        }
        return eof;
    }
}
