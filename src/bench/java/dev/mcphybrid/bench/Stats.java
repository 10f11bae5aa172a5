package dev.mcphybrid.bench;

import java.util.Arrays;

/** Percentiles of a series of durations in milliseconds. */
public record Stats(double p50, double p99, double min, double max, int samples) {

    public static Stats of(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Stats(percentile(sorted, 50), percentile(sorted, 99), sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }

    @Override
    public String toString() {
        return String.format("p50 %.2f ms, p99 %.2f ms, min %.2f ms, max %.2f ms (%d runs)", p50, p99, min, max, samples);
    }
}
