package dev.mcphybrid.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Whether Redis is failing, from the calls' point of view. It logs once when Redis starts failing and once when it
 * answers again, counts the calls answered from memory instead, and while Redis is down lets one call a
 * {@code retryEvery} try it, so a Redis that times out does not add its timeout to every call.
 */
final class RedisOutage {

    private static final Logger LOG = Logger.getLogger(RedisRateLimiter.class.getName());

    private final String redis;
    private final LongSupplier nanoClock;
    private final long retryEveryNanos;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicLong nextTryAt = new AtomicLong();
    private final LongAdder fallbacks = new LongAdder();

    /** @param redis where Redis is, for the log (no credentials) */
    RedisOutage(String redis, LongSupplier nanoClock, Duration retryEvery) {
        this.redis = redis;
        this.nanoClock = nanoClock;
        this.retryEveryNanos = retryEvery.toNanos();
    }

    /** Whether this call should go to Redis; when not, it counts as a fallback. */
    boolean tryRedis() {
        if (!failing.get()) {
            return true;
        }
        long now = nanoClock.getAsLong();
        long at = nextTryAt.get();
        if (now - at >= 0 && nextTryAt.compareAndSet(at, now + retryEveryNanos)) {
            return true;
        }
        fallbacks.increment();
        return false;
    }

    void failed(RuntimeException e) {
        fallbacks.increment();
        nextTryAt.set(nanoClock.getAsLong() + retryEveryNanos);
        if (failing.compareAndSet(false, true)) {
            LOG.warning(() -> "Redis at " + redis + " failed (" + describe(e) + "); rate limits are counted in this"
                    + " instance's memory until Redis answers again");
        }
    }

    void succeeded() {
        if (failing.get() && failing.compareAndSet(true, false)) {
            LOG.info(() -> "Redis at " + redis + " answers again; rate limits are shared again (" + fallbacks()
                    + " calls counted in memory so far)");
        }
    }

    boolean failing() {
        return failing.get();
    }

    long fallbacks() {
        return fallbacks.sum();
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.toString());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(", caused by ").append(cause);
        }
        return text.toString();
    }
}
