package dev.smctl.cache;

import dev.smctl.engine.Action;
import dev.smctl.engine.Change;
import dev.smctl.engine.Plan;
import dev.smctl.engine.Progress;
import dev.smctl.engine.Refused;
import dev.smctl.engine.Target;
import dev.smctl.engine.Verification;
import redis.clients.jedis.Jedis;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * P1-01's "flush the cache if stale": {@code FLUSHDB} on the one database index configured as the cache. Any other
 * index is refused, because the same server often holds queues, sessions or locks in other databases. The plan
 * shows how many keys go ({@code DBSIZE}).
 */
public final class FlushCache implements Action<FlushCache.FlushPlan> {
    public record FlushPlan(String summary, long keys, List<Change> changes, Map<String, Object> before, Optional<String> skipReason,
                            String undo) implements Plan {
    }

    private final RedisAccess redis;
    private final Target target;
    private final int allowedDatabase;

    /** @param allowedDatabase the index configured as the cache: the only one this action flushes */
    public FlushCache(RedisAccess redis, String namespace, int allowedDatabase) {
        this.redis = redis;
        this.target = new Target("redis", namespace, redis.host().toLowerCase(Locale.ROOT));
        this.allowedDatabase = allowedDatabase;
    }

    @Override
    public String name() {
        return "cache-flush";
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("redis", redis.toString(), "allowedDb", String.valueOf(allowedDatabase));
    }

    @Override
    public FlushPlan plan() {
        if (redis.database() != allowedDatabase) {
            throw new Refused(("refusing to flush database %d of %s: only database %d is configured as the cache (others may hold queues, "
                    + "sessions or locks); if database %d really is the cache, configure it so: --redis %s:%d/%d (Jenkins: the redis setting)")
                    .formatted(redis.database(), redis, allowedDatabase, redis.database(), redis.host(), redis.port(), redis.database()));
        }
        long keys = redis.run("counting keys", Jedis::dbSize);
        Map<String, Object> before = Map.of("keys", keys);
        if (keys == 0) {
            return new FlushPlan("", 0, List.of(), before, Optional.of("database %d of %s holds no keys".formatted(redis.database(), redis)), "");
        }
        return new FlushPlan("flush %d keys from database %d of %s (FLUSHDB)".formatted(keys, redis.database(), redis), keys,
                List.of(new Change("/redis/db%d/keys".formatted(redis.database()), keys, 0L)), before, Optional.empty(),
                "none: the cache refills from the database as the app reads");
    }

    @Override
    public Map<String, Object> execute(FlushPlan plan, Progress progress) {
        String answer = redis.run("flushing", Jedis::flushDB);
        progress.report("execute", "FLUSHDB answered " + answer);
        return Map.of("flushdb", answer);
    }

    /** Keys written by clients right after the flush are the cache refilling, not a failed flush. */
    @Override
    public Verification verify(FlushPlan plan, Progress progress) {
        long keys = redis.run("counting keys", Jedis::dbSize);
        Map<String, Object> observed = Map.of("keys", keys);
        if (keys < plan.keys()) {
            return Verification.passed("database %d of %s flushed: %d keys before, %d now".formatted(redis.database(), redis, plan.keys(), keys), observed);
        }
        return Verification.failed("database %d of %s still holds %d keys (%d before the flush)".formatted(redis.database(), redis, keys, plan.keys()),
                observed);
    }
}
