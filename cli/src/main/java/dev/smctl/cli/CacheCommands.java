package dev.smctl.cli;

import dev.smctl.Remediation;
import dev.smctl.engine.ActionResult;
import dev.smctl.engine.Invocation;
import dev.smctl.engine.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code smctl cache stats|flush}: P1-01's Redis look and quick win. */
final class CacheCommands {
    private CacheCommands() {
    }

    @Command(name = "cache", description = "Redis cache actions.", subcommands = {Stats.class, Flush.class})
    static final class Cache extends GroupCommand {
    }

    @Command(name = "stats", description = "PING, then keyspace hits and misses from INFO stats, the hit rate and the key count. Read-only.",
            footer = {"", "Example:", "  REDISCLI_AUTH=... smctl cache stats --redis redis.production.svc:6379/0"})
    static final class Stats implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RedisOptions redis;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
        OutputFormat output;

        @Override
        public Integer call() {
            ResultPrinter.printAnswer(Remediation.cacheStats(redis.access()), output, spec.commandLine().getOut());
            return ExitCodes.OK;
        }
    }

    @Command(name = "flush",
            description = {"FLUSHDB on the database index configured as the cache (--allowed-db); any other index is refused.",
                    "--dry-run shows how many keys would go. Locked by a Lease in the namespace."},
            footer = {"", "Example:", "  smctl cache flush -n production --redis redis.production.svc:6379/0 --dry-run"})
    static final class Flush extends ActionCommand {
        @Mixin
        RedisOptions redis;

        @Option(names = "--allowed-db", paramLabel = "N", defaultValue = "0",
                description = "The database index configured as the cache: the only one flushed (default: ${DEFAULT-VALUE}).")
        int allowedDatabase;

        @Override
        ActionResult act(Remediation remediation, String namespace, Invocation invocation, Progress progress) {
            return remediation.flushCache(redis.access(), namespace, allowedDatabase, invocation, progress);
        }
    }
}
