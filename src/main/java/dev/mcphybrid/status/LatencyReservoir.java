package dev.mcphybrid.status;

import java.time.Instant;
import java.util.Arrays;

/** The durations of the latest calls of one series (a bounded ring), for p50/p95 over a recent window. */
final class LatencyReservoir {

    /** Percentiles in milliseconds, interpolated like SQL's percentile_cont; null when there was no call. */
    record Percentiles(Double p50Ms, Double p95Ms) {
        static final Percentiles NONE = new Percentiles(null, null);
    }

    private final long[] durations;
    private final long[] finishedAt;
    private int next;
    private int size;

    LatencyReservoir(int capacity) {
        durations = new long[capacity];
        finishedAt = new long[capacity];
    }

    synchronized void record(long durationMs, Instant at) {
        durations[next] = durationMs;
        finishedAt[next] = at.toEpochMilli();
        next = (next + 1) % durations.length;
        size = Math.min(size + 1, durations.length);
    }

    /** Over the kept calls that finished at or after {@code since}. */
    synchronized Percentiles since(Instant since) {
        long from = since.toEpochMilli();
        long[] picked = new long[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (finishedAt[i] >= from) {
                picked[n++] = durations[i];
            }
        }
        if (n == 0) {
            return Percentiles.NONE;
        }
        long[] sorted = Arrays.copyOf(picked, n);
        Arrays.sort(sorted);
        return new Percentiles(percentile(sorted, 0.5), percentile(sorted, 0.95));
    }

    private static double percentile(long[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        double value = sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
        return Math.round(value * 100.0) / 100.0;
    }
}
