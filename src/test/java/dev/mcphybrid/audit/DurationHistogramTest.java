package dev.mcphybrid.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DurationHistogramTest {

    @Test
    void buckets_are_one_millisecond_wide_below_8_ms_and_at_most_a_quarter_wider_than_the_one_before_after() {
        assertThat(DurationHistogram.BUCKETS).isEqualTo(77);
        for (int ms = 0; ms < 8; ms++) {
            assertThat(DurationHistogram.bucket(ms)).isEqualTo(ms);
        }
        for (int i = 9; i < DurationHistogram.BUCKETS; i++) {
            assertThat((double) DurationHistogram.LOWER[i] / DurationHistogram.LOWER[i - 1]).isBetween(1.14, 1.25);
        }
        assertThat(DurationHistogram.bucket(-5)).isZero();
        assertThat(DurationHistogram.bucket(9)).isEqualTo(8);
        assertThat(DurationHistogram.bucket(10)).isEqualTo(9);
        assertThat(DurationHistogram.bucket(1_048_575)).isEqualTo(75);
        assertThat(DurationHistogram.bucket(Long.MAX_VALUE)).isEqualTo(76);
        assertThat(DurationHistogram.column(7)).isEqualTo("b07");
    }

    @Test
    void percentiles_fall_within_one_bucket_of_the_exact_value() {
        Random random = new Random(42);
        for (int run = 0; run < 50; run++) {
            long[] durations = new long[200 + random.nextInt(5000)]; // with a few rows, percentile_cont interpolates across buckets
            long[] counts = new long[DurationHistogram.BUCKETS];
            for (int i = 0; i < durations.length; i++) {
                durations[i] = (long) Math.exp(random.nextDouble() * 12);
                counts[DurationHistogram.bucket(durations[i])]++;
            }
            Arrays.sort(durations);
            for (double p : new double[] {0.5, 0.95}) {
                double rank = p * (durations.length - 1);
                double exact = durations[(int) Math.floor(rank)]
                        + (rank - Math.floor(rank)) * (durations[(int) Math.ceil(rank)] - durations[(int) Math.floor(rank)]);
                double estimate = DurationHistogram.percentile(counts, p);
                assertThat(Math.abs(estimate - exact)).as("p%s of %s: %s", p, exact, estimate)
                        .isLessThanOrEqualTo(Math.max(1, 0.25 * exact));
            }
        }
    }

    @Test
    void exact_where_buckets_are_one_millisecond_wide_and_nothing_without_counts() {
        long[] counts = new long[DurationHistogram.BUCKETS];
        assertThat(DurationHistogram.percentile(counts, 0.5)).isNull();
        counts[3] = 10;
        counts[5] = 10;
        assertThat(DurationHistogram.percentile(counts, 0.25)).isEqualTo(3.0);
        assertThat(DurationHistogram.percentile(counts, 0.95)).isEqualTo(5.0);
        counts[76] = 1000;
        assertThat(DurationHistogram.percentile(counts, 0.99)).isEqualTo(1_048_576.0);
    }
}
