package dev.mcphybrid.events;

import java.util.concurrent.atomic.AtomicLongArray;

/** Delivery latencies in 0.1 ms buckets up to 60 s: constant memory however many samples. */
final class LatencyHistogram {

    private static final int BUCKETS = 600_000;
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 1);

    void record(double millis) {
        int bucket = (int) Math.max(0, Math.min(BUCKETS, Math.round(millis * 10)));
        counts.incrementAndGet(bucket);
    }

    void reset() {
        for (int i = 0; i <= BUCKETS; i++) {
            counts.set(i, 0);
        }
    }

    long total() {
        long total = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            total += counts.get(i);
        }
        return total;
    }

    double percentile(double p) {
        long total = total();
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(p / 100.0 * total);
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return i / 10.0;
            }
        }
        return BUCKETS / 10.0;
    }
}
