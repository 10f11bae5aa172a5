package dev.mcphybrid.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectBackOffTest {

    @Test
    void doubles_from_the_initial_delay_up_to_the_maximum() {
        assertThat(ReconnectBackOff.delay(0, 1000, 300_000, 0)).isEqualTo(Duration.ZERO);
        assertThat(ReconnectBackOff.delay(1, 1000, 300_000, 0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ReconnectBackOff.delay(2, 1000, 300_000, 0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ReconnectBackOff.delay(5, 1000, 300_000, 0)).isEqualTo(Duration.ofSeconds(16));
        assertThat(ReconnectBackOff.delay(40, 1000, 300_000, 0)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void jitter_adds_at_most_a_tenth_and_never_passes_the_maximum() {
        assertThat(ReconnectBackOff.delay(3, 1000, 300_000, 0.999)).isBetween(Duration.ofMillis(4000), Duration.ofMillis(4400));
        assertThat(ReconnectBackOff.delay(40, 1000, 300_000, 0.999)).isEqualTo(Duration.ofMinutes(5));
    }
}
