package dev.smctl.evidence;

import dev.smctl.engine.Sha256;

import java.util.List;

/**
 * What an evidence bundle holds: every file with its size and SHA-256, as {@code MANIFEST.sha256} lists them
 * ({@code sha256sum -c} reads it too).
 */
public record EvidenceManifest(String directory, List<Entry> entries) {
    public record Entry(String path, long size, String sha256) {
    }

    public EvidenceManifest {
        entries = List.copyOf(entries);
    }

    public long totalBytes() {
        return entries.stream().mapToLong(Entry::size).sum();
    }

    /** The text of {@code MANIFEST.sha256}: one {@code SHA256  PATH} line per file, as {@code sha256sum} writes it. */
    public String text() {
        StringBuilder text = new StringBuilder();
        entries.forEach(e -> text.append(e.sha256()).append("  ").append(e.path()).append('\n'));
        return text.toString();
    }

    /** The SHA-256 of {@link #text()}: what the audit record keeps, so that the chain vouches for every file's checksum. */
    public String sha256() {
        return Sha256.hex(text());
    }
}
