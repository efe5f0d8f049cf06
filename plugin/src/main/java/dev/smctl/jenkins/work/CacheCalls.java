package dev.smctl.jenkins.work;

import dev.smctl.Remediation;
import dev.smctl.cache.CacheStats;
import dev.smctl.cache.RedisAccess;
import dev.smctl.engine.Status;
import dev.smctl.engine.Target;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The steps that talk to Redis; they run on the agent, where the in-cluster cache is reachable, with the address
 * and password of the common arguments {@code redis} and {@code redisCredentialsId}.
 */
public final class CacheCalls {
    private CacheCalls() {
    }

    /**
     * P1-01, read-only: {@code PING}, the keyspace hits and misses of {@code INFO stats} and the key count. Adds
     * {@code hitRate} ({@code null} before the first lookup), {@code keyspaceHits}, {@code keyspaceMisses}, {@code keys}.
     */
    public record Stats() implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            Instant started = Instant.now();
            RedisAccess cache = scope.cache();
            CacheStats stats = Remediation.cacheStats(cache);
            Map<String, Object> found = new LinkedHashMap<>();
            found.put("hitRate", stats.hitRate());
            found.put("keyspaceHits", stats.keyspaceHits());
            found.put("keyspaceMisses", stats.keyspaceMisses());
            found.put("keys", stats.keys());
            return scope.looked("cache-stats", new Target("redis", scope.recordNamespace(), cache.host().toLowerCase(Locale.ROOT)), started, Status.SUCCEEDED,
                    stats.toString(), found, Map.of("redis", cache.toString()));
        }
    }

    /**
     * P1-01: {@code FLUSHDB} of one database, which must be the one {@code redis} names: another index (the
     * application's queues share the server) is refused before anything is read.
     *
     * @param db the database index as text; left out, the configured one
     */
    public record Flush(String db) implements StepCall {
        @Override
        public StepOutcome run(Scope scope) {
            RedisAccess configured = scope.cache();
            Integer index = Arguments.whole(db, "db");
            RedisAccess target = index == null ? configured : configured.onDatabase(index);
            return StepOutcome.of(scope.engine().flushCache(target, scope.namespace(), configured.database(), scope.invocation(),
                    scope.progress()), Map.of());
        }
    }
}
