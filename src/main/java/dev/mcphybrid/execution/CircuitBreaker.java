package dev.mcphybrid.execution;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A count-based circuit breaker for one server. CLOSED: calls pass and the last {@code window} outcomes are kept;
 * when at least {@code minimumCalls} of them are known and the failure ratio reaches {@code failureRatio}, it
 * OPENs. OPEN: calls are refused for {@code openFor}; then one trial call is let through (HALF_OPEN): success
 * closes the breaker, failure opens it again.
 */
final class CircuitBreaker {

    enum State { CLOSED, OPEN, HALF_OPEN }

    private final int window;
    private final int minimumCalls;
    private final double failureRatio;
    private final long openForNanos;
    private final LongSupplier clock;

    private final boolean[] outcomes;
    private int recorded;
    private int next;
    private int failures;
    private State state = State.CLOSED;
    private long openedAt;
    private boolean trialRunning;

    CircuitBreaker(int window, int minimumCalls, double failureRatio, Duration openFor, LongSupplier clock) {
        this.window = window;
        this.minimumCalls = minimumCalls;
        this.failureRatio = failureRatio;
        this.openForNanos = openFor.toNanos();
        this.clock = clock;
        this.outcomes = new boolean[window];
    }

    /** Whether a call may go ahead now; in HALF_OPEN only one trial at a time. */
    synchronized boolean tryPass() {
        if (state == State.OPEN && clock.getAsLong() - openedAt >= openForNanos) {
            state = State.HALF_OPEN;
            trialRunning = false;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (trialRunning) {
                    yield false;
                }
                trialRunning = true;
                yield true;
            }
        };
    }

    /** @return true when this outcome opened the breaker */
    synchronized boolean record(boolean success) {
        if (state == State.HALF_OPEN) {
            trialRunning = false;
            if (success) {
                reset();
                return false;
            }
            open();
            return true;
        }
        if (state == State.OPEN) {
            return false;
        }
        if (recorded == window && !outcomes[next]) {
            failures--;
        }
        outcomes[next] = success;
        if (!success) {
            failures++;
        }
        next = (next + 1) % window;
        recorded = Math.min(recorded + 1, window);
        if (recorded >= minimumCalls && failures >= failureRatio * recorded) {
            open();
            return true;
        }
        return false;
    }

    synchronized State state() {
        if (state == State.OPEN && clock.getAsLong() - openedAt >= openForNanos) {
            return State.HALF_OPEN;
        }
        return state;
    }

    synchronized long retryAfterSeconds() {
        long remaining = openForNanos - (clock.getAsLong() - openedAt);
        return Math.max(1, Duration.ofNanos(Math.max(0, remaining)).toSeconds() + 1);
    }

    private void open() {
        state = State.OPEN;
        openedAt = clock.getAsLong();
    }

    private void reset() {
        state = State.CLOSED;
        recorded = 0;
        next = 0;
        failures = 0;
        java.util.Arrays.fill(outcomes, false);
    }
}
