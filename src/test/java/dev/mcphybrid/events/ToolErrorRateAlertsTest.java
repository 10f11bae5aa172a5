package dev.mcphybrid.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolErrorRateAlertsTest {

    @Test
    void alerts_once_when_the_rate_is_reached_and_clears_well_below_it() {
        ToolErrorRateAlerts.Window window = new ToolErrorRateAlerts.Window(20);
        for (int i = 0; i < 9; i++) {
            assertThat(window.record(true, 0.5)).as("not before 10 calls").isNull();
        }
        assertThat(window.record(true, 0.5)).isTrue();
        assertThat(window.record(true, 0.5)).as("only once").isNull();
        int cleared = 0;
        for (int i = 0; i < 20; i++) {
            Boolean change = window.record(false, 0.5);
            if (Boolean.FALSE.equals(change)) {
                cleared++;
            } else {
                assertThat(change).isNull();
            }
        }
        assertThat(cleared).isEqualTo(1);
        assertThat(window.failures()).isZero();
    }
}
