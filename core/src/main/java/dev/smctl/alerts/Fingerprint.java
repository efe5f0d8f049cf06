package dev.smctl.alerts;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * An alert's fingerprint computed the way Alertmanager computes it (Prometheus' {@code labelSetToFingerprint}):
 * FNV-1a 64 over the label names in byte order, each name and value followed by the byte 0xff (which never
 * occurs in UTF-8, so {@code a="bc"} and {@code ab="c"} differ), printed as 16 lower-case hex digits. Senders too
 * old to include {@code fingerprint} therefore deduplicate against the same alert from a newer sender.
 */
public final class Fingerprint {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    private static final int SEPARATOR = 0xff;

    private Fingerprint() {
    }

    public static String of(Map<String, String> labels) {
        long hash = OFFSET;
        // Go sorts label names as byte strings; for UTF-8 that is code point order, which TreeMap's
        // String order (UTF-16 units) matches except for supplementary characters, not valid in label names.
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            hash = add(hash, label.getKey());
            hash = add(hash, label.getValue());
        }
        return "%016x".formatted(hash);
    }

    private static long add(long hash, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * PRIME;
        }
        return (hash ^ SEPARATOR) * PRIME;
    }
}
