package dev.smctl.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Where backups are kept: an S3 prefix or a local directory. */
public interface BackupStore {
    /** Every backup, newest first; checksum sidecars are not backups. */
    List<Backup> list() throws IOException;

    /**
     * Copies the backup into {@code file}, hashing it in the same pass, with constant memory.
     *
     * @return the SHA-256 of what was fetched, in hex, for the caller to compare with the backup's checksum
     */
    String fetch(Backup backup, Path file, Transfer.Meter meter) throws IOException;

    /** Where this store is, for messages: {@code s3://bucket/prefix} or a path. */
    String describe();
}
