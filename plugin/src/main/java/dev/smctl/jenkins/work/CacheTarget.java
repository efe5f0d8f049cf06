package dev.smctl.jenkins.work;

import dev.smctl.cache.RedisAccess;

import java.io.Serializable;
import java.time.Duration;

/**
 * The cache as a step names it: {@code HOST:PORT[/DB]}, where the database index is the only one a flush may
 * touch, and the password from secret-text credentials (never part of the address).
 */
public record CacheTarget(String address, Sensitive password) implements Serializable {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    public RedisAccess access() {
        return RedisAccess.parse(address, password == null ? null : password.toSecret(), TIMEOUT);
    }
}
