package dev.mcphybrid.dogfood;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the gateway has stored in the memory server about itself: whoever writes gateway events there reports
 * each write, failure and skipped event here, and {@code GET /api/status/memory-server} shows the snapshot.
 */
@ApplicationScoped
public class MemoryStoreStats {

    static final int MAX_REASON_LENGTH = 500;

    /** Totals since the gateway started; {@code writesByKind} counts writes per kind (e.g. {@code server_status}). */
    public record Snapshot(long writes, long entities, long observations, long failures, long skipped,
                           Instant lastWriteAt, String lastFailure, Instant lastFailureAt, Map<String, Long> writesByKind) {
    }

    private final Clock clock;
    private final Map<String, Long> writesByKind = new TreeMap<>();
    private long writes;
    private long entities;
    private long observations;
    private long failures;
    private long skipped;
    private Instant lastWriteAt;
    private String lastFailure;
    private Instant lastFailureAt;

    public MemoryStoreStats() {
        this(Clock.systemUTC());
    }

    MemoryStoreStats(Clock clock) {
        this.clock = clock;
    }

    /** One successful write of {@code kind} that created {@code entities} entities and added {@code observations}. */
    public synchronized void recordWrite(String kind, int entities, int observations) {
        writes++;
        this.entities += Math.max(0, entities);
        this.observations += Math.max(0, observations);
        writesByKind.merge(kind == null ? "unknown" : kind, 1L, Long::sum);
        lastWriteAt = clock.instant();
    }

    /** A write that failed; {@code reason} is shown to viewers, so it must not carry secrets. */
    public synchronized void recordFailure(String reason) {
        failures++;
        String text = reason == null ? "unknown" : reason;
        lastFailure = text.length() > MAX_REASON_LENGTH ? text.substring(0, MAX_REASON_LENGTH) + "…" : text;
        lastFailureAt = clock.instant();
    }

    /** An event that was not written (e.g. filtered out, or dropped while the memory server was down). */
    public synchronized void recordSkipped() {
        skipped++;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(writes, entities, observations, failures, skipped, lastWriteAt, lastFailure, lastFailureAt,
                Collections.unmodifiableMap(new TreeMap<>(writesByKind)));
    }
}
