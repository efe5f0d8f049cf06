package dev.smctl.storage;

import java.io.IOException;
import java.io.InputStream;

/** Where a new backup goes: written once, with its checksum beside it, never overwriting an existing one. */
public interface BackupSink {
    /**
     * Streams {@code content} to {@code name}, hashing and metering it; then writes {@code name.sha256}.
     *
     * @return the stored backup as the catalogue will list it
     */
    Backup write(String name, InputStream content, Transfer.Meter meter) throws IOException;

    String describe();
}
