package dev.smctl.evidence;

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
}
