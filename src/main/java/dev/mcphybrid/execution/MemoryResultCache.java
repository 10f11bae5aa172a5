package dev.mcphybrid.execution;

import dev.mcphybrid.common.Tally;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.metrics.MetricRegistry;

/** The result cache of an instance on its own: entries and generations in this JVM's memory. */
final class MemoryResultCache implements ResultCache {

    private record Entry(String key, JsonObject result, long expiresAt, long generation) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Per server id, how many calls that may have changed it have finished. */
    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
    /**
     * Every entry put, oldest first; with one TTL for all, also the order they expire in. Guarded by itself. An entry
     * replaced or dropped by {@link #get} keeps its place until it reaches the front, and counts towards the bound.
     */
    private final Deque<Entry> oldestFirst = new ArrayDeque<>();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier clock;
    private final Tally hits = new Tally();
    private final Tally misses = new Tally();

    MemoryResultCache(Duration ttl, int maxEntries, LongSupplier clock) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public boolean enabled() {
        return ttlNanos > 0 && maxEntries > 0;
    }

    @Override
    public long generation(String serverId) {
        AtomicLong generation = generations.get(serverId);
        return generation == null ? 0 : generation.get();
    }

    @Override
    public void invalidate(String serverId) {
        generations.computeIfAbsent(serverId, id -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public JsonObject get(String key) {
        Entry entry = entries.get(key);
        if (entry == null || entry.expiresAt - clock.getAsLong() <= 0 || entry.generation != generation(ResultCache.serverOf(key))) {
            if (entry != null) {
                entries.remove(key, entry);
            }
            misses.increment();
            return null;
        }
        hits.increment();
        return entry.result;
    }

    void put(String key, JsonObject result) {
        put(key, result, generation(ResultCache.serverOf(key)));
    }

    @Override
    public void put(String key, JsonObject result, long generation) {
        if (!enabled() || generation != generation(ResultCache.serverOf(key))) {
            return;
        }
        synchronized (oldestFirst) {
            long now = clock.getAsLong();
            evict(now);
            Entry entry = new Entry(key, result, now + ttlNanos, generation);
            entries.put(key, entry);
            oldestFirst.addLast(entry);
        }
    }

    @Override
    public long hits() {
        return hits.get();
    }

    @Override
    public long misses() {
        return misses.get();
    }

    @Override
    public void exportCounts(MetricRegistry metrics) {
        hits.exportAs(metrics, "gateway.cache.hits");
        misses.exportAs(metrics, "gateway.cache.misses");
    }

    @Override
    public int size() {
        return entries.size();
    }

    /** Drops expired entries, then the oldest while full: each entry is dropped once, so a put costs O(1) on average. */
    private void evict(long now) {
        while (!oldestFirst.isEmpty() && (oldestFirst.peekFirst().expiresAt - now <= 0 || oldestFirst.size() >= maxEntries)) {
            Entry oldest = oldestFirst.removeFirst();
            entries.remove(oldest.key, oldest);
        }
    }
}
