package dev.mcphybrid.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final MemoryRateLimiter limiter = new MemoryRateLimiter(now::get, Duration.ofSeconds(10), 1000);
    private final Limit tenPerSecondBurstThree = new Limit(10, 3);

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    @Test
    void allows_a_burst_then_refuses() {
        assertThat(limiter.acquire("k", tenPerSecondBurstThree)).isEqualTo(Decision.allow(2));
        assertThat(limiter.acquire("k", tenPerSecondBurstThree)).isEqualTo(Decision.allow(1));
        assertThat(limiter.acquire("k", tenPerSecondBurstThree)).isEqualTo(Decision.allow(0));

        Decision refused = limiter.acquire("k", tenPerSecondBurstThree);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(refused.remaining()).isZero();
    }

    @Test
    void refills_at_the_rate_up_to_the_burst() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("k", tenPerSecondBurstThree);
        }
        advance(Duration.ofMillis(100));
        assertThat(limiter.acquire("k", tenPerSecondBurstThree).allowed()).as("one token after 1/10 s").isTrue();
        assertThat(limiter.acquire("k", tenPerSecondBurstThree).allowed()).isFalse();

        advance(Duration.ofMinutes(5));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("k", tenPerSecondBurstThree).allowed()).isTrue();
        }
        assertThat(limiter.acquire("k", tenPerSecondBurstThree).allowed()).as("never more than the burst").isFalse();
    }

    @Test
    void retry_after_is_the_time_until_the_next_token() {
        Limit onePerFiveSeconds = new Limit(0.2, 1);
        assertThat(limiter.acquire("slow", onePerFiveSeconds).allowed()).isTrue();
        assertThat(limiter.acquire("slow", onePerFiveSeconds).retryAfterSeconds()).isEqualTo(5);

        advance(Duration.ofMillis(3500));
        Decision refused = limiter.acquire("slow", onePerFiveSeconds);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).as("1.5 s left, rounded up").isEqualTo(2);
        assertThat(refused.remaining()).isCloseTo(0.7, within(1e-9));

        advance(Duration.ofMillis(1500));
        assertThat(limiter.acquire("slow", onePerFiveSeconds).allowed()).isTrue();
    }

    @Test
    void keys_have_their_own_buckets() {
        Limit one = new Limit(1, 1);
        assertThat(limiter.acquire("alice", one).allowed()).isTrue();
        assertThat(limiter.acquire("alice", one).allowed()).isFalse();
        assertThat(limiter.acquire("bob", one).allowed()).isTrue();
    }

    @Test
    void the_sweep_drops_buckets_that_filled_up_again_and_keeps_the_others() {
        Limit slow = new Limit(1, 2);
        limiter.acquire("idle", slow);
        advance(Duration.ofMillis(9500));
        limiter.acquire("busy", slow);
        assertThat(limiter.size()).isEqualTo(2);

        advance(Duration.ofMillis(500));
        limiter.acquire("newcomer", slow);
        assertThat(limiter.size()).as("the 10 s sweep dropped idle, full again; busy is half a token short").isEqualTo(2);

        assertThat(limiter.acquire("idle", slow)).as("a dropped bucket comes back full").isEqualTo(Decision.allow(1));
        assertThat(limiter.acquire("busy", slow).remaining()).as("busy kept its state").isCloseTo(0.5, within(1e-9));
    }

    @Test
    void a_full_map_is_swept_before_the_interval() {
        MemoryRateLimiter small = new MemoryRateLimiter(now::get, Duration.ofHours(1), 10);
        Limit fast = new Limit(100, 1);
        for (int i = 0; i < 10; i++) {
            small.acquire("key-" + i, fast);
        }
        advance(Duration.ofSeconds(1));
        small.acquire("one-more", fast);
        small.acquire("and-another", fast);
        assertThat(small.size()).as("the ten refilled buckets were dropped").isLessThanOrEqualTo(2);
    }

    @Test
    void buckets_in_use_are_not_dropped_however_many_there_are() {
        MemoryRateLimiter small = new MemoryRateLimiter(now::get, Duration.ofHours(1), 10);
        Limit slow = new Limit(0.001, 1);
        for (int i = 0; i < 50; i++) {
            small.acquire("key-" + i, slow);
        }
        assertThat(small.size()).isEqualTo(50);
        for (int i = 0; i < 50; i++) {
            assertThat(small.acquire("key-" + i, slow).allowed()).as("key-" + i + " is still empty").isFalse();
        }
    }

    @Test
    void concurrent_callers_share_one_bucket_exactly() throws Exception {
        Limit burst = new Limit(0.001, 100);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> allowed = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                allowed.add(pool.submit(() -> {
                    start.await();
                    int count = 0;
                    for (int i = 0; i < 50; i++) {
                        if (limiter.acquire("shared", burst).allowed()) {
                            count++;
                        }
                    }
                    return count;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : allowed) {
                total += f.get(30, TimeUnit.SECONDS);
            }
            assertThat(total).as("400 attempts on a bucket of 100 that does not refill").isEqualTo(100);
        } finally {
            pool.shutdownNow();
        }
    }
}
