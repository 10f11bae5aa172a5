package dev.mcphybrid.dogfood;

import dev.mcphybrid.common.Tally;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.metrics.MetricRegistry;

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

    private final Tally writes = new Tally();
    private final AtomicLong entities = new AtomicLong();
    private final Tally observations = new Tally();
    private final Tally failures = new Tally();
    private final Tally skipped = new Tally();
    private final Tally dropped = new Tally();
    private final AtomicLong suppressed = new AtomicLong();
    private volatile String lastFailure;

    /** A successful call: {@code kind} is the tool name. */
    void recordWrite(String kind, int entityCount, int observationCount) {
        writes.increment();
        if ("create_entities".equals(kind)) {
            entities.addAndGet(entityCount);
        }
        observations.add(observationCount);
        if (store != null) {
            store.recordWrite(kind, entityCount, observationCount);
        }
    }

    void recordFailure(String reason) {
        failures.increment();
        lastFailure = reason;
        if (store != null) {
            store.recordFailure(reason);
        }
    }

    /** One observation not written because the memory server was not connected. */
    void recordSkipped() {
        skipped.increment();
        if (store != null) {
            store.recordSkipped();
        }
    }

    void recordDropped() {
        dropped.increment();
    }

    void recordSuppressed() {
        suppressed.incrementAndGet();
    }

    /** Exports the counts that only grow as the counters {@code gateway.dogfood.*}. */
    void exportAs(MetricRegistry metrics) {
        writes.exportAs(metrics, "gateway.dogfood.writes");
        observations.exportAs(metrics, "gateway.dogfood.observations");
        failures.exportAs(metrics, "gateway.dogfood.failures");
        skipped.exportAs(metrics, "gateway.dogfood.skipped");
        dropped.exportAs(metrics, "gateway.dogfood.dropped");
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
