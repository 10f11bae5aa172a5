package dev.mcphybrid.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final AtomicLong now = new AtomicLong();
    private final CircuitBreaker breaker = new CircuitBreaker(10, 4, 0.5, Duration.ofSeconds(30), now::get);

    @Test
    void stays_closed_below_the_minimum_calls_and_the_ratio() {
        assertThat(breaker.record(false)).isFalse();
        assertThat(breaker.record(false)).isFalse();
        assertThat(breaker.record(false)).isFalse();
        assertThat(breaker.state()).as("3 calls are fewer than the minimum of 4").isEqualTo(CircuitBreaker.State.CLOSED);

        CircuitBreaker mostlyFine = new CircuitBreaker(10, 4, 0.5, Duration.ofSeconds(30), now::get);
        mostlyFine.record(false);
        for (int i = 0; i < 9; i++) {
            assertThat(mostlyFine.record(true)).isFalse();
        }
        assertThat(mostlyFine.state()).as("1 failure in 10 is below the ratio").isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void opens_at_the_failure_ratio_refuses_then_lets_one_trial_through() {
        breaker.record(true);
        breaker.record(false);
        breaker.record(true);
        assertThat(breaker.record(false)).as("2 of 4 failed").isTrue();
        assertThat(breaker.tryPass()).isFalse();
        assertThat(breaker.retryAfterSeconds()).isBetween(30L, 31L);

        now.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryPass()).isTrue();
        assertThat(breaker.tryPass()).as("one trial at a time").isFalse();
        assertThat(breaker.record(false)).as("a failed trial opens it again").isTrue();
        assertThat(breaker.tryPass()).isFalse();

        now.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(breaker.tryPass()).isTrue();
        assertThat(breaker.record(true)).isFalse();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryPass()).isTrue();
    }

    @Test
    void old_outcomes_leave_the_window() {
        CircuitBreaker fresh = new CircuitBreaker(4, 4, 0.75, Duration.ofSeconds(1), now::get);
        fresh.record(false);
        fresh.record(false);
        fresh.record(true);
        fresh.record(true);
        fresh.record(true);
        // the window is now success, success, success, failure: counting the two early failures too would make
        // three of four and open the breaker
        assertThat(fresh.record(false)).as("the two early failures have left the window").isFalse();
        assertThat(fresh.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(fresh.record(false)).isFalse();
        assertThat(fresh.record(false)).as("three failures among the last four").isTrue();
        assertThat(fresh.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}
