package dev.smctl.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Settled records kept in memory in front of the shared store, so that the thousandth repeat of an alert is a map
 * lookup, not an API request. Only settled records are kept (a pending one may change any moment), each no longer
 * than it counts and than {@code maxAge}, which bounds how long this process trusts a record it has not re-read
 * (someone may delete one by hand to allow a second run). The shared store stays the truth: an empty cache (a
 * restart) only costs one request per key.
 */
public final class CachingDedupStore implements DedupStore {
    private final DedupStore store;
    private final Clock clock;
    private final Duration maxAge;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(DedupRecord record, Instant until) {
    }

    public CachingDedupStore(DedupStore store, Clock clock, Duration maxAge, int maxEntries) {
        this.store = store;
        this.clock = clock;
        this.maxAge = maxAge;
        this.maxEntries = maxEntries;
    }

    /** Ten minutes of trust, 100,000 records (about 50 MB at most). */
    public CachingDedupStore(DedupStore store, Clock clock) {
        this(store, clock, Duration.ofMinutes(10), 100_000);
    }

    @Override
    public Claim claim(Kind kind, String key, String holder, Duration ttl, boolean settled, Map<String, String> facts) {
        DedupRecord known = cached(kind, key);
        if (known != null) {
            return new Claim(known.holder().equals(holder), known);
        }
        Claim claim = store.claim(kind, key, holder, ttl, settled, facts);
        remember(claim.record());
        return claim;
    }

    @Override
    public Optional<DedupRecord> read(Kind kind, String key) {
        DedupRecord known = cached(kind, key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<DedupRecord> found = store.read(kind, key);
        found.ifPresent(this::remember);
        return found;
    }

    @Override
    public Optional<DedupRecord> settle(DedupRecord mine, Duration ttl, Map<String, String> facts) {
        Optional<DedupRecord> settled = store.settle(mine, ttl, facts);
        settled.ifPresent(this::remember);
        return settled;
    }

    @Override
    public void release(DedupRecord mine) {
        cache.remove(cacheKey(mine.kind(), mine.key()));
        store.release(mine);
    }

    @Override
    public int sweep() {
        Instant now = clock.instant();
        cache.values().removeIf(entry -> !entry.until().isAfter(now));
        return store.sweep();
    }

    private DedupRecord cached(Kind kind, String key) {
        Cached entry = cache.get(cacheKey(kind, key));
        if (entry == null) {
            return null;
        }
        if (!entry.until().isAfter(clock.instant())) {
            cache.remove(cacheKey(kind, key), entry);
            return null;
        }
        return entry.record();
    }

    private void remember(DedupRecord record) {
        Instant now = clock.instant();
        if (!record.settled() || record.expiredAt(now)) {
            return;
        }
        if (cache.size() >= maxEntries) {
            cache.values().removeIf(entry -> !entry.until().isAfter(now));
            if (cache.size() >= maxEntries) {
                // Still full of live records: start over rather than track recency; the store answers the misses.
                cache.clear();
            }
        }
        Instant until = record.expires().isBefore(now.plus(maxAge)) ? record.expires() : now.plus(maxAge);
        cache.put(cacheKey(record.kind(), record.key()), new Cached(record, until));
    }

    private static String cacheKey(Kind kind, String key) {
        return kind.label() + ":" + key;
    }
}
