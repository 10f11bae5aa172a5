package dev.mcphybrid.common;

import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * A count that only grows: read by the gateway's own code (status, logs) and, once exported, a Prometheus counter
 * ({@code <name>_total}), so that {@code rate()} and {@code increase()} see restarts as resets rather than drops.
 * Plain objects that are built without a metric registry (unit tests, benchmarks) count all the same.
 */
public final class Tally {

    private final AtomicLong value = new AtomicLong();
    private volatile Counter counter;

    public long increment() {
        return add(1);
    }

    public long add(long amount) {
        long now = value.addAndGet(amount);
        Counter exported = counter;
        if (exported != null) {
            exported.inc(amount);
        }
        return now;
    }

    public long get() {
        return value.get();
    }

    /**
     * Exports the count as the counter {@code name}. Tallies exported under one name add up (e.g. the local and the
     * shared result cache's hits). What was counted before is carried over; a count racing the export may be missed
     * by the counter, never by {@link #get()}.
     */
    public void exportAs(MetricRegistry metrics, String name) {
        Counter exported = metrics.counter(name);
        exported.inc(value.get());
        counter = exported;
    }
}
