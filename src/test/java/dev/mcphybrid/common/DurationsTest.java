package dev.mcphybrid.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void reads_the_units_operators_write() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse(" 2m ")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse(250)).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("1500")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void rejects_nonsense_and_non_positive_values() {
        assertThatThrownBy(() -> Durations.parse("fast")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("-5s")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Durations.parse("0s")).hasMessageContaining("positive");
        assertThatThrownBy(() -> Durations.parse(0)).hasMessageContaining("positive");
    }
}
