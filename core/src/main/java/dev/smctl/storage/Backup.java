package dev.smctl.storage;

import java.time.Instant;

/**
 * One backup in a catalogue.
 *
 * @param id the object's file name, which is what operators pin ("securemessenger-20261128T030000Z.dump")
 * @param taken when it was taken: from the name when it carries a timestamp, else the store's modification time
 *              (which a copy or a re-upload changes, so names with timestamps are preferred)
 * @param sha256 the expected checksum (sidecar {@code .sha256} object or {@code sha256} metadata), or {@code null}
 */
public record Backup(String id, String location, Instant taken, long size, String sha256, Format format) {
    /** What pg_restore or psql makes of it. */
    public enum Format {
        /** {@code pg_dump -Fc}: restored with pg_restore, in parallel, and listable without restoring. */
        CUSTOM,
        /** Plain SQL, run through psql. */
        PLAIN,
        /** Plain SQL, gzip-compressed. */
        PLAIN_GZIP;

        static Format of(String name) {
            if (name.endsWith(".sql.gz")) {
                return PLAIN_GZIP;
            }
            return name.endsWith(".sql") ? PLAIN : CUSTOM;
        }
    }
}
