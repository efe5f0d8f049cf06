package dev.smctl.cache;

import dev.smctl.diagnostics.DependencyCheck;
import dev.smctl.diagnostics.DependencyProbe;
import dev.smctl.engine.Secret;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;

/** Redis answers {@code PING}. */
public final class RedisProbe implements DependencyProbe {
    private final HostAndPort address;
    private final int database;
    private final Secret password;
    private final Duration timeout;

    public RedisProbe(String host, int port, int database, Secret password, Duration timeout) {
        this.address = new HostAndPort(host, port);
        this.database = database;
        this.password = password;
        this.timeout = timeout;
    }

    @Override
    public DependencyCheck check() {
        long start = System.nanoTime();
        String shown = "redis://%s/%d".formatted(address, database);
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .database(database)
                .connectionTimeoutMillis((int) timeout.toMillis())
                .socketTimeoutMillis((int) timeout.toMillis());
        if (password != null) {
            config.password(password.reveal());
        }
        try (Jedis jedis = new Jedis(address, config.build())) {
            String answer = jedis.ping();
            return new DependencyCheck("redis", shown, "PONG".equals(answer), "PING answered " + answer, (System.nanoTime() - start) / 1_000_000);
        } catch (JedisException e) {
            // Jedis messages name the host and the reply, never the password.
            return new DependencyCheck("redis", shown, false, "PING failed: " + e.getMessage(), (System.nanoTime() - start) / 1_000_000);
        }
    }
}
