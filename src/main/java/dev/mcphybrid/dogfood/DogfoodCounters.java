package dev.mcphybrid.dogfood;

import dev.mcphybrid.status.MemoryStoreStats;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dogfood writer's counters; writes, failures and skips are also passed on to {@link MemoryStoreStats}, which
 * {@code GET /api/status/memory-server} shows as what the gateway stored.
 */
final class DogfoodCounters {

    private final MemoryStoreStats store;

    DogfoodCounters() {
        this(null);
    }

    DogfoodCounters(MemoryStoreStats store) {
        this.store = store;
    }

    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong entities = new AtomicLong();
    private final AtomicLong observations = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();
    private volatile String lastFailure;

    /** A successful call: {@code kind} is the tool name. */
    void recordWrite(String kind, int entityCount, int observationCount) {
        writes.incrementAndGet();
        if ("create_entities".equals(kind)) {
            entities.addAndGet(entityCount);
        }
        observations.addAndGet(observationCount);
        if (store != null) {
            store.recordWrite(kind, entityCount, observationCount);
        }
    }

    void recordFailure(String reason) {
        failures.incrementAndGet();
        lastFailure = reason;
        if (store != null) {
            store.recordFailure(reason);
        }
    }

    /** One observation not written because the memory server was not connected. */
    void recordSkipped() {
        skipped.incrementAndGet();
        if (store != null) {
            store.recordSkipped();
        }
    }

    void recordDropped() {
        dropped.incrementAndGet();
    }

    void recordSuppressed() {
        suppressed.incrementAndGet();
    }

    long writes() {
        return writes.get();
    }

    long observations() {
        return observations.get();
    }

    long failures() {
        return failures.get();
    }

    long skipped() {
        return skipped.get();
    }

    long dropped() {
        return dropped.get();
    }

    DogfoodStats snapshot(boolean enabled, String serverId, int queued) {
        return new DogfoodStats(enabled, serverId, writes.get(), entities.get(), observations.get(), failures.get(),
                lastFailure, skipped.get(), dropped.get(), suppressed.get(), queued);
    }
}
