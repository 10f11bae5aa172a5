package dev.mcphybrid.events;

import java.time.Duration;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * A warning that may happen in bursts (a thousand clients reconnecting at once): the first is logged, then at most
 * one a {@code interval}, each saying how many were left out since the one before.
 */
final class RareLog {

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier clock;
    private boolean logged;
    private long lastNanos;
    private long skipped;

    RareLog(Logger log, Duration interval) {
        this(log, interval, System::nanoTime);
    }

    RareLog(Logger log, Duration interval, LongSupplier clock) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
    }

    /** Logs {@code message(skipped)} unless one was logged within the interval; answers whether it did. */
    boolean warn(LongFunction<String> message) {
        long leftOut;
        synchronized (this) {
            long now = clock.getAsLong();
            if (logged && now - lastNanos < intervalNanos) {
                skipped++;
                return false;
            }
            logged = true;
            lastNanos = now;
            leftOut = skipped;
            skipped = 0;
        }
        log.warning(message.apply(leftOut)); // outside the lock: a log handler may publish an event of its own
        return true;
    }
}
