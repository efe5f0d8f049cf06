package dev.smctl.cache;

import dev.smctl.engine.Unavailable;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * P1-01's cache look: {@code PING}, then the keyspace hits and misses of {@code INFO stats} (counted since the
 * server started or since {@code CONFIG RESETSTAT}) and the key count of the database. Reads only.
 *
 * @param hitRate hits / (hits + misses) between 0 and 1, or {@code null} before the first lookup
 */
public record CacheStats(String redis, String ping, long keyspaceHits, long keyspaceMisses, Double hitRate, long keys, long millis) {

    public static CacheStats of(RedisAccess access) {
        long start = System.nanoTime();
        return access.run("reading INFO stats", jedis -> {
            String ping = jedis.ping();
            Map<String, String> stats = info(jedis.info("stats"));
            long hits = number(stats, "keyspace_hits");
            long misses = number(stats, "keyspace_misses");
            return new CacheStats(access.toString(), ping, hits, misses, hitRate(hits, misses), jedis.dbSize(), (System.nanoTime() - start) / 1_000_000);
        });
    }

    public static Double hitRate(long hits, long misses) {
        return hits + misses == 0 ? null : (double) hits / (hits + misses);
    }

    /** The {@code field:value} lines of an INFO reply; section headers ({@code # Stats}) and blank lines skipped. */
    static Map<String, String> info(String reply) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : reply.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (!line.startsWith("#") && colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }

    private static long number(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || !value.matches("\\d+")) {
            throw new Unavailable("INFO stats has no number for %s (%s): is this Redis?".formatted(name, value), null);
        }
        return Long.parseLong(value);
    }

    @Override
    public String toString() {
        return "%s: PING %s, keyspace hits %d, misses %d, hit rate %s, %d keys (%d ms)".formatted(redis, ping, keyspaceHits, keyspaceMisses,
                hitRate == null ? "n/a (no lookups yet)" : "%.1f%%".formatted(hitRate * 100), keys, millis);
    }
}
