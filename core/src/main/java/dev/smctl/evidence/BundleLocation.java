package dev.smctl.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Where a sealed evidence bundle is read back from: a local directory or an S3 prefix. */
public interface BundleLocation {
    /** {@code s3://bucket/prefix/} or a path, for messages. */
    String describe();

    /** Every file in the bundle, the manifest included: its path relative to the bundle, and its size in bytes. */
    Map<String, Long> files() throws IOException;

    /** @throws java.nio.file.NoSuchFileException when the bundle has no such file */
    InputStream open(String path) throws IOException;
}
