package dev.smctl.cache;

import dev.smctl.diagnostics.DependencyCheck;
import dev.smctl.diagnostics.DependencyProbe;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/** Redis answers {@code PING}. */
public final class RedisProbe implements DependencyProbe {
    private final RedisAccess redis;

    public RedisProbe(RedisAccess redis) {
        this.redis = redis;
    }

    @Override
    public DependencyCheck check() {
        long start = System.nanoTime();
        try (Jedis jedis = redis.connect()) {
            String answer = jedis.ping();
            return new DependencyCheck("redis", redis.toString(), "PONG".equals(answer), "PING answered " + answer, (System.nanoTime() - start) / 1_000_000);
        } catch (JedisException e) {
            // Jedis messages name the host and the reply, never the password.
            return new DependencyCheck("redis", redis.toString(), false, "PING failed: " + e.getMessage(), (System.nanoTime() - start) / 1_000_000);
        }
    }
}
