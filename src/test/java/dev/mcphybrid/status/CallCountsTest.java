package dev.mcphybrid.status;

import static dev.mcphybrid.audit.ExecutionStatus.ERROR;
import static dev.mcphybrid.audit.ExecutionStatus.REJECTED;
import static dev.mcphybrid.audit.ExecutionStatus.SUCCESS;
import static dev.mcphybrid.audit.ExecutionStatus.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallCountsTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:30Z");

    @Test
    void counts_errors_timeouts_and_rejections_apart_and_rates_errors_over_all_calls() {
        CallCounts counts = new CallCounts();
        counts.record(T0, SUCCESS);
        counts.record(T0, ERROR);
        counts.record(T0, TIMEOUT);
        counts.record(T0, REJECTED);

        WindowCounts window = counts.in(StatusWindow.FIVE_MINUTES, T0);
        assertThat(window).isEqualTo(new WindowCounts(4, 2, 1, 0.5));
    }

    @Test
    void windows_slide_by_the_minute_and_by_the_hour_for_a_day() {
        CallCounts counts = new CallCounts();
        counts.record(T0.minus(Duration.ofMinutes(30)), ERROR); // 09:30
        counts.record(T0.minus(Duration.ofMinutes(4)), SUCCESS); // 09:56, the oldest minute of the 5m window
        counts.record(T0.minus(Duration.ofMinutes(5)), SUCCESS); // 09:55, just outside it
        counts.record(T0.minus(Duration.ofHours(20)), SUCCESS);
        counts.record(T0.minus(Duration.ofHours(25)), SUCCESS); // beyond the day

        assertThat(counts.in(StatusWindow.FIVE_MINUTES, T0).calls()).isEqualTo(1);
        assertThat(counts.in(StatusWindow.ONE_HOUR, T0)).isEqualTo(WindowCounts.of(3, 1, 0));
        assertThat(counts.in(StatusWindow.ONE_DAY, T0).calls()).isEqualTo(4);

        Instant later = T0.plus(Duration.ofHours(1)); // 11:00: 09:30 to 09:56 are out of the hour now
        assertThat(counts.in(StatusWindow.FIVE_MINUTES, later).calls()).isZero();
        assertThat(counts.in(StatusWindow.ONE_HOUR, later).calls()).isZero();
        assertThat(counts.in(StatusWindow.ONE_DAY, later).calls()).isEqualTo(4);
    }

    @Test
    void a_reused_bucket_starts_from_zero_and_a_late_call_older_than_the_ring_is_ignored() {
        CallCounts counts = new CallCounts();
        counts.record(T0, ERROR);
        Instant nextHour = T0.plus(Duration.ofHours(1)); // same minute slot, an hour later
        counts.record(nextHour, SUCCESS);
        assertThat(counts.in(StatusWindow.FIVE_MINUTES, nextHour)).isEqualTo(WindowCounts.of(1, 0, 0));

        counts.record(T0, ERROR); // arrives late: its minute slot holds a newer minute now
        assertThat(counts.in(StatusWindow.ONE_HOUR, nextHour).calls()).isEqualTo(1);
        assertThat(counts.in(StatusWindow.ONE_DAY, nextHour).calls()).as("the hour bucket still takes it").isEqualTo(3);
    }

    @Test
    void no_calls_is_a_zero_rate_not_a_division_by_zero() {
        assertThat(new CallCounts().in(StatusWindow.ONE_HOUR, T0)).isEqualTo(WindowCounts.NONE);
        assertThat(WindowCounts.NONE.errorRate()).isZero();
    }
}
