package dev.mcphybrid.execution;

import jakarta.json.JsonObject;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Successful results of cacheable tools, keyed by tool id and canonical arguments, for a TTL. Never errors. A call
 * of any other tool of the same server may change what its read-only tools answer, so it makes every result cached
 * for that server stale ({@link #invalidate}), including those of reads still running: each server has a
 * generation that such a call moves on, and a result is served only at the generation it was read at.
 * {@link MemoryResultCache} serves an instance on its own, {@link RedisResultCache} a cluster.
 */
interface ResultCache {

    boolean enabled();

    /** Taken before a read starts and given to {@link #put}: a write finishing meanwhile keeps its result out. */
    long generation(String serverId);

    /** A call that may have changed the server finished (or failed part-way): nothing cached for it is served again. */
    void invalidate(String serverId);

    /** The result cached under {@code key} at the server's current generation, or null. */
    JsonObject get(String key);

    /** Keeps a result read at {@code generation} (see {@link #generation}) unless the server has changed since. */
    void put(String key, JsonObject result, long generation);

    long hits();

    long misses();

    /** Exports hits and misses as the counters {@code gateway.cache.hits} and {@code gateway.cache.misses}. */
    void exportCounts(MetricRegistry metrics);

    /** Entries held in this instance's memory. */
    int size();

    static String key(String toolId, JsonObject arguments) {
        return toolId + '\u0000' + CanonicalJson.of(arguments);
    }

    /** A tool id is serverId.tool, and server ids hold no dot. */
    static String serverOf(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? "" : key.substring(0, dot);
    }
}
