package dev.smctl.evidence;

import dev.smctl.engine.Sha256;
import dev.smctl.storage.Transfer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory of evidence being written: each file streamed through SHA-256 as it is written (constant memory),
 * then a {@code MANIFEST.sha256} that names them all. Paths are relative and never leave the directory.
 */
public final class EvidenceBundle {
    public static final String MANIFEST = "MANIFEST.sha256";

    private final Path directory;
    private final List<EvidenceManifest.Entry> entries = new ArrayList<>();

    public EvidenceBundle(Path directory) throws IOException {
        this.directory = directory.toAbsolutePath().normalize();
        Files.createDirectories(this.directory);
    }

    public Path directory() {
        return directory;
    }

    public void add(String relative, InputStream content, Transfer.Meter meter) throws IOException {
        Path file = resolve(relative);
        Files.createDirectories(file.getParent());
        String sha256;
        try (OutputStream out = Files.newOutputStream(file)) {
            sha256 = Transfer.copy(content, out, Sha256.digest(), meter);
        }
        entries.add(new EvidenceManifest.Entry(relative, Files.size(file), sha256));
    }

    public void add(String relative, String text) throws IOException {
        add(relative, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Transfer.Meter.quiet());
    }

    private Path resolve(String relative) {
        Path file = directory.resolve(relative).normalize();
        if (!file.startsWith(directory) || relative.contains("\n")) {
            throw new IllegalArgumentException("evidence path escapes the bundle: " + relative);
        }
        return file;
    }

    /** Writes the manifest; the bundle is complete only once this returns. */
    public EvidenceManifest seal() throws IOException {
        EvidenceManifest manifest = new EvidenceManifest(directory.toString(), entries);
        Files.writeString(directory.resolve(MANIFEST), manifest.text(), StandardCharsets.UTF_8);
        return manifest;
    }
}
