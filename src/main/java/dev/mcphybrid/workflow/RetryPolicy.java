package dev.mcphybrid.workflow;

import java.time.Duration;

/**
 * How often a failed step is tried again and how long to wait in between: {@code backoff}, multiplied by
 * {@code multiplier} after each attempt, at most {@code maxBackoff}. {@code attempts} counts every try, the first
 * one included.
 */
public record RetryPolicy(int attempts, Duration backoff, double multiplier, Duration maxBackoff) {

    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1, Duration.ZERO);

    /** The wait before attempt {@code next} (2 for the first retry). */
    public Duration delayBefore(int next) {
        double millis = backoff.toMillis() * Math.pow(multiplier, Math.max(0, next - 2));
        return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
    }
}
