package dev.mcphybrid.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LatencyReservoirTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void interpolates_percentiles_like_percentile_cont() {
        LatencyReservoir reservoir = new LatencyReservoir(100);
        for (int ms = 1; ms <= 100; ms++) {
            reservoir.record(ms, NOW);
        }
        LatencyReservoir.Percentiles p = reservoir.since(NOW.minusSeconds(1));
        assertThat(p.p50Ms()).isEqualTo(50.5);
        assertThat(p.p95Ms()).isEqualTo(95.05);
    }

    @Test
    void only_calls_in_the_window_and_only_the_latest_ones_count() {
        LatencyReservoir reservoir = new LatencyReservoir(3);
        reservoir.record(1000, NOW.minus(Duration.ofHours(2)));
        reservoir.record(10, NOW);
        reservoir.record(20, NOW);
        assertThat(reservoir.since(NOW.minus(Duration.ofHours(1)))).isEqualTo(new LatencyReservoir.Percentiles(15.0, 19.5));

        reservoir.record(30, NOW);
        reservoir.record(40, NOW); // pushes out 10: the ring keeps 20, 30, 40
        assertThat(reservoir.since(NOW.minus(Duration.ofDays(1))).p50Ms()).isEqualTo(30.0);
    }

    @Test
    void no_call_in_the_window_gives_no_percentiles() {
        LatencyReservoir reservoir = new LatencyReservoir(10);
        assertThat(reservoir.since(NOW)).isEqualTo(LatencyReservoir.Percentiles.NONE);
        reservoir.record(5, NOW.minusSeconds(600));
        assertThat(reservoir.since(NOW.minusSeconds(300)).p50Ms()).isNull();
    }
}
