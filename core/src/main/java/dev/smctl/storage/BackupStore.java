package dev.smctl.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Where backups are kept: an S3 prefix or a local directory. */
public interface BackupStore {
    /** Every backup, newest first; checksum sidecars are not backups. */
    List<Backup> list() throws IOException;

    InputStream open(Backup backup) throws IOException;

    /** Where this store is, for messages: {@code s3://bucket/prefix} or a path. */
    String describe();
}
