package dev.smctl.cache;

import dev.smctl.RealServers;
import dev.smctl.Remediation;
import dev.smctl.SandboxCase;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Secret;
import dev.smctl.engine.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** P1-01's cache steps on Debian's redis-server: hit rate from INFO stats, FLUSHDB on the allowed database only. */
class CacheActionsTest extends SandboxCase {
    RedisAccess cache;
    RedisAccess queues;

    @BeforeEach
    void redisWithKeysInTwoDatabases() {
        int port = RealServers.redisPort();
        cache = new RedisAccess("127.0.0.1", port, 0, Secret.of(RealServers.REDIS_PASSWORD), Duration.ofSeconds(3));
        queues = new RedisAccess("127.0.0.1", port, 3, Secret.of(RealServers.REDIS_PASSWORD), Duration.ofSeconds(3));
        cache.run("seeding", jedis -> jedis.flushDB());
        queues.run("seeding", jedis -> jedis.flushDB());
        for (int i = 0; i < 5; i++) {
            int n = i;
            cache.run("seeding", jedis -> jedis.set("user:" + n, "cached"));
            queues.run("seeding", jedis -> jedis.rpush("mail-queue", "job" + n));
        }
    }

    @Test
    void theHitRateComesFromTheServersOwnKeyspaceCounters() {
        cache.run("resetting stats", jedis -> jedis.configResetStat());
        cache.run("reading", (Jedis jedis) -> {
            jedis.get("user:1");
            jedis.get("user:2");
            jedis.get("user:3");
            return jedis.get("user:404");
        });

        CacheStats stats = Remediation.cacheStats(cache);

        assertThat(stats.ping()).isEqualTo("PONG");
        assertThat(stats.keyspaceHits()).isEqualTo(3);
        assertThat(stats.keyspaceMisses()).isEqualTo(1);
        assertThat(stats.hitRate()).isEqualTo(0.75);
        assertThat(stats.keys()).isEqualTo(5);
        assertThat(stats.toString()).contains("hit rate 75.0%, 5 keys").doesNotContain(RealServers.REDIS_PASSWORD);
    }

    @Test
    void flushShowsTheKeyCountFirstThenEmptiesOnlyTheCacheDatabase() {
        ActionResult dryRun = engine().flushCache(cache, NS, 0, asAlice(true), progress());
        assertThat(dryRun.message()).isEqualTo("dry run: would flush 5 keys from database 0 of %s (FLUSHDB); nothing was changed".formatted(cache));
        assertThat(cache.run("counting", Jedis::dbSize)).isEqualTo(5L);

        ActionResult flush = engine().flushCache(cache, NS, 0, asAlice(false), progress());

        assertThat(flush.status()).as(flush.message()).isEqualTo(Status.SUCCEEDED);
        assertThat(flush.message()).isEqualTo("database 0 of %s flushed: 5 keys before, 0 now".formatted(cache));
        assertThat(cache.run("counting", Jedis::dbSize)).isZero();
        assertThat(queues.run("counting", (Jedis jedis) -> jedis.llen("mail-queue"))).isEqualTo(5L);
    }

    @Test
    void refusesToFlushADatabaseOtherThanTheConfiguredOne() {
        ActionResult result = engine().flushCache(queues, NS, 0, asAlice(false), progress());

        assertThat(result.status()).isEqualTo(Status.REFUSED);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.message()).isEqualTo(("refusing to flush database 3 of %s: only database 0 is configured as the cache (others may hold queues, "
                + "sessions or locks); if database 3 really is the cache, configure it so: --redis %s:%d/3 (Jenkins: the redis setting)")
                .formatted(queues, queues.host(), queues.port()));
        assertThat(queues.run("counting", (Jedis jedis) -> jedis.llen("mail-queue"))).isEqualTo(5L);
    }

    @Test
    void aWrongPasswordIsReportedWithoutIt() {
        RedisAccess wrong = new RedisAccess("127.0.0.1", RealServers.redisPort(), 0, Secret.of("canary-wrong-redis-pw"), Duration.ofSeconds(3));

        ActionResult result = engine().flushCache(wrong, NS, 0, asAlice(false), progress());

        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.message()).contains("Redis at " + wrong).doesNotContain("canary-wrong-redis-pw").doesNotContain(RealServers.REDIS_PASSWORD);
    }
}
