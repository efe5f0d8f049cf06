package dev.smctl.cli;

import dev.smctl.cache.RedisAccess;
import dev.smctl.engine.Secret;
import picocli.CommandLine.Option;

import java.time.Duration;

/** Which Redis database, as redis-cli users expect: an address, the password in {@code REDISCLI_AUTH}. */
final class RedisOptions {
    @Option(names = "--redis", required = true, paramLabel = "HOST:PORT[/DB]",
            description = "The Redis server and database index (default index 0); the password comes from $REDISCLI_AUTH.")
    String address;

    RedisAccess access() {
        return RedisAccess.parse(address, Secret.of(System.getenv("REDISCLI_AUTH")), Duration.ofSeconds(5));
    }
}
