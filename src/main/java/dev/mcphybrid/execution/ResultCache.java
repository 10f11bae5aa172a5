package dev.mcphybrid.execution;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Successful results of cacheable tools, keyed by tool id and canonical arguments, for a TTL. Never errors. */
final class ResultCache {

    private record Entry(JsonObject result, long expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier clock;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    ResultCache(Duration ttl, int maxEntries, LongSupplier clock) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    boolean enabled() {
        return ttlNanos > 0 && maxEntries > 0;
    }

    static String key(String toolId, JsonObject arguments) {
        return toolId + '\u0000' + CanonicalJson.of(arguments);
    }

    JsonObject get(String key) {
        Entry entry = entries.get(key);
        if (entry == null || entry.expiresAt - clock.getAsLong() <= 0) {
            if (entry != null) {
                entries.remove(key, entry);
            }
            misses.incrementAndGet();
            return null;
        }
        hits.incrementAndGet();
        return entry.result;
    }

    void put(String key, JsonObject result) {
        if (!enabled()) {
            return;
        }
        if (entries.size() >= maxEntries) {
            evict();
        }
        entries.put(key, new Entry(result, clock.getAsLong() + ttlNanos));
    }

    long hits() {
        return hits.get();
    }

    long misses() {
        return misses.get();
    }

    int size() {
        return entries.size();
    }

    /** Drops expired entries, then, if still full, an arbitrary tenth: cheap and good enough for a bounded cache. */
    private void evict() {
        long now = clock.getAsLong();
        entries.values().removeIf(e -> e.expiresAt - now <= 0);
        Iterator<String> keys = entries.keySet().iterator();
        for (int dropped = 0; entries.size() >= maxEntries && keys.hasNext() && dropped < Math.max(1, maxEntries / 10); dropped++) {
            keys.next();
            keys.remove();
        }
    }
}
