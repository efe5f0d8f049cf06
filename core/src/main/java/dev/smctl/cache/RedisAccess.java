package dev.smctl.cache;

import dev.smctl.engine.InvalidRequest;
import dev.smctl.engine.Names;
import dev.smctl.engine.Secret;
import dev.smctl.engine.Unavailable;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to reach one Redis database: host, port, database index, and a password that is never part of the
 * address (it comes from {@code REDISCLI_AUTH}, as redis-cli reads it, or a credentials store).
 */
public record RedisAccess(String host, int port, int database, Secret password, Duration timeout) {
    private static final Pattern ADDRESS = Pattern.compile("([A-Za-z0-9.-]+):(\\d{1,5})(?:/(\\d{1,2}))?");

    public RedisAccess {
        if (port < 1 || port > 65535) {
            throw new InvalidRequest("Redis port %d is not a port".formatted(port));
        }
        if (database < 0) {
            throw new InvalidRequest("Redis database index %d is negative".formatted(database));
        }
    }

    /** Reads {@code HOST:PORT} or {@code HOST:PORT/DB} (database 0 when none is given). */
    public static RedisAccess parse(String address, Secret password, Duration timeout) {
        Matcher parts = ADDRESS.matcher(address == null ? "" : address);
        if (!parts.matches()) {
            throw new InvalidRequest("--redis takes HOST:PORT or HOST:PORT/DB, not " + Names.quote(address));
        }
        return new RedisAccess(parts.group(1), Integer.parseInt(parts.group(2)), parts.group(3) == null ? 0 : Integer.parseInt(parts.group(3)),
                password, timeout);
    }

    /** The same server and password, another database index (a flush names the index it empties). */
    public RedisAccess onDatabase(int index) {
        return new RedisAccess(host, port, index, password, timeout);
    }

    /** A connection with the database selected; the caller closes it. */
    public Jedis connect() {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                // RESP2, said outright: every command here reads RESP2 replies, and Jedis warns on each connection otherwise.
                .protocol(RedisProtocol.RESP2)
                .database(database)
                .connectionTimeoutMillis((int) timeout.toMillis())
                .socketTimeoutMillis((int) timeout.toMillis());
        if (password != null) {
            config.password(password.reveal());
        }
        return new Jedis(new HostAndPort(host, port), config.build());
    }

    /**
     * Runs one or more commands on a fresh connection.
     *
     * @param doing what for, in the failure message ("counting keys")
     * @throws Unavailable naming the server (Jedis messages carry the host and the reply, never the password)
     */
    public <T> T run(String doing, Function<Jedis, T> commands) {
        try (Jedis jedis = connect()) {
            return commands.apply(jedis);
        } catch (JedisException e) {
            throw new Unavailable("Redis at %s failed while %s: %s; check --redis and REDISCLI_AUTH".formatted(this, doing, e.getMessage()), e);
        }
    }

    /** {@code redis://host:6379/0}: safe to print. */
    @Override
    public String toString() {
        return "redis://%s:%d/%d".formatted(host, port, database);
    }
}
