package dev.mcphybrid.ratelimit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Token buckets of this JVM. Buckets that have filled up again are dropped by a sweep that a calling thread runs
 * every {@code sweepInterval}, or sooner when the map has grown past {@code sweepAbove} buckets, so memory follows
 * the keys in use rather than every key ever seen.
 */
public final class MemoryRateLimiter implements RateLimiter {

    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);
    static final int SWEEP_ABOVE = 10_000;

    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final long sweepIntervalNanos;
    private final int sweepAbove;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile long nextSweepAt;
    private volatile int sweepAboveSize;

    public MemoryRateLimiter() {
        this(System::nanoTime, SWEEP_INTERVAL, SWEEP_ABOVE);
    }

    MemoryRateLimiter(LongSupplier nanoClock, Duration sweepInterval, int sweepAbove) {
        this.nanoClock = nanoClock;
        this.sweepIntervalNanos = sweepInterval.toNanos();
        this.sweepAbove = sweepAbove;
        this.sweepAboveSize = sweepAbove;
        this.nextSweepAt = nanoClock.getAsLong() + sweepIntervalNanos;
    }

    @Override
    public Decision acquire(String key, Limit limit) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(limit, "limit");
        long now = nanoClock.getAsLong();
        sweepIfDue(now);
        while (true) {
            Decision decision = buckets.computeIfAbsent(key, k -> new TokenBucket(limit, now)).take(limit, now);
            if (decision != null) {
                return decision;
            }
        }
    }

    /** Buckets held now. */
    int size() {
        return buckets.size();
    }

    private void sweepIfDue(long now) {
        if (now - nextSweepAt < 0 && buckets.size() <= sweepAboveSize) {
            return;
        }
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            for (String key : buckets.keySet()) {
                buckets.computeIfPresent(key, (k, bucket) -> bucket.evictIfFull(now) ? null : bucket);
            }
            nextSweepAt = now + sweepIntervalNanos;
            // When most buckets are in use, wait for the map to double before sweeping on size again.
            sweepAboveSize = Math.max(sweepAbove, buckets.size() * 2);
        } finally {
            sweeping.set(false);
        }
    }
}
