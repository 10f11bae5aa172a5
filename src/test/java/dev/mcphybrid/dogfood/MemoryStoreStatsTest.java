package dev.mcphybrid.dogfood;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryStoreStatsTest {

    private final MutableClock clock = new MutableClock("2026-11-26T10:00:00Z");
    private final MemoryStoreStats stats = new MemoryStoreStats(clock);

    @Test
    void starts_empty() {
        assertThat(stats.snapshot()).isEqualTo(new MemoryStoreStats.Snapshot(0, 0, 0, 0, 0, null, null, null, Map.of()));
    }

    @Test
    void adds_up_writes_per_kind_failures_and_skipped_events() {
        stats.recordWrite("server_status", 1, 2);
        clock.advance(Duration.ofSeconds(5));
        stats.recordWrite("execution", 2, 3);
        stats.recordWrite("execution", 0, 1);
        stats.recordFailure("memory server unavailable");
        stats.recordSkipped();
        stats.recordSkipped();

        MemoryStoreStats.Snapshot snapshot = stats.snapshot();
        assertThat(snapshot.writes()).isEqualTo(3);
        assertThat(snapshot.entities()).isEqualTo(3);
        assertThat(snapshot.observations()).isEqualTo(6);
        assertThat(snapshot.failures()).isEqualTo(1);
        assertThat(snapshot.skipped()).isEqualTo(2);
        assertThat(snapshot.lastWriteAt()).isEqualTo(Instant.parse("2026-11-26T10:00:05Z"));
        assertThat(snapshot.lastFailure()).isEqualTo("memory server unavailable");
        assertThat(snapshot.lastFailureAt()).isEqualTo(Instant.parse("2026-11-26T10:00:05Z"));
        assertThat(snapshot.writesByKind()).containsExactly(Map.entry("execution", 2L), Map.entry("server_status", 1L));
    }

    @Test
    void a_long_failure_reason_is_cut() {
        stats.recordFailure("x".repeat(2000));
        assertThat(stats.snapshot().lastFailure()).hasSize(MemoryStoreStats.MAX_REASON_LENGTH + 1).endsWith("…");
    }
}
