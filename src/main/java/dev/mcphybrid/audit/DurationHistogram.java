package dev.mcphybrid.audit;

import java.util.Arrays;

/**
 * The fixed log-scale duration buckets of the audit roll-ups (db/vendor/postgresql/V7, where the same bounds are
 * the SQL functions {@code audit_duration_bucket} and {@code audit_duration_percentile}): 0 ms, then every distinct
 * ceil(2^(k/4)) ms for k = 0 .. 80, so each bucket is about 19 % (at most 25 %) wider than the one before, one
 * millisecond wide below 8 ms, and the last holds everything from 1,048,576 ms.
 */
public final class DurationHistogram {

    /** Lower bound of each bucket in milliseconds; bucket i holds [LOWER[i], LOWER[i + 1]). */
    static final long[] LOWER = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 23, 27, 32, 39, 46, 54, 64, 77, 91, 108,
            128, 153, 182, 216, 256, 305, 363, 431, 512, 609, 725, 862, 1024, 1218, 1449, 1723, 2048, 2436, 2897, 3445,
            4096, 4871, 5793, 6889, 8192, 9742, 11586, 13778, 16384, 19484, 23171, 27555, 32768, 38968, 46341, 55109,
            65536, 77936, 92682, 110218, 131072, 155872, 185364, 220436, 262144, 311744, 370728, 440872, 524288,
            623488, 741456, 881744, 1048576};

    public static final int BUCKETS = LOWER.length;

    private DurationHistogram() {
    }

    /** The bucket a duration is counted in (negative durations in the first). */
    public static int bucket(long durationMs) {
        int i = Arrays.binarySearch(LOWER, durationMs);
        return i >= 0 ? i : Math.max(0, -i - 2);
    }

    /** The roll-up column of a bucket: {@code b00} .. {@code b76}. */
    static String column(int bucket) {
        return String.format("b%02d", bucket);
    }

    /**
     * Percentile {@code p} (0..1) estimated from bucket counts, as percentile_cont would place it: the bucket holding
     * rank p * (n - 1), and within it the place of that rank with the bucket's values taken as evenly spread. So the
     * estimate lies in the bucket of the exact value (or of its neighbour, where the exact value falls between two);
     * exact where the bucket is one millisecond wide.
     * @return null when there are no counts
     */
    public static Double percentile(long[] counts, double p) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return null;
        }
        double rank = p * (total - 1);
        long below = 0;
        for (int k = 0; k < counts.length; k++) {
            long c = counts[k];
            if (c > 0 && rank < below + c) {
                if (k == LOWER.length - 1 || LOWER[k + 1] - LOWER[k] <= 1) {
                    return (double) LOWER[k];
                }
                return LOWER[k] + (LOWER[k + 1] - LOWER[k]) * Math.min(1.0, (rank - below + 0.5) / c);
            }
            below += c;
        }
        return (double) LOWER[LOWER.length - 1];
    }
}
