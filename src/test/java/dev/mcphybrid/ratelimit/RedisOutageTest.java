package dev.mcphybrid.ratelimit;

import dev.mcphybrid.testing.CapturedLog;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class RedisOutageTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final RedisOutage outage = new RedisOutage("redis.test:6379", now::get, Duration.ofSeconds(1));

    @Test
    void every_call_goes_to_redis_while_it_works() {
        for (int i = 0; i < 3; i++) {
            assertThat(outage.tryRedis()).isTrue();
            outage.succeeded();
        }
        assertThat(outage.fallbacks()).isZero();
    }

    @Test
    void one_warning_when_redis_starts_failing_and_one_info_when_it_works_again() {
        try (CapturedLog log = new CapturedLog(RedisRateLimiter.class)) {
            for (int i = 0; i < 3; i++) {
                now.addAndGet(Duration.ofSeconds(2).toNanos());
                assertThat(outage.tryRedis()).isTrue();
                outage.failed(new IllegalStateException("connection refused"));
            }
            assertThat(outage.failing()).isTrue();
            assertThat(log.messages(Level.WARNING)).singleElement().asString()
                    .contains("redis.test:6379").contains("connection refused");

            now.addAndGet(Duration.ofSeconds(2).toNanos());
            assertThat(outage.tryRedis()).isTrue();
            outage.succeeded();
            outage.succeeded();
            assertThat(outage.failing()).isFalse();
            assertThat(log.messages(Level.INFO)).singleElement().asString().contains("answers again");
            assertThat(log.messages(Level.WARNING)).hasSize(1);
        }
    }

    @Test
    void while_failing_only_one_call_a_second_tries_redis_and_the_rest_count_as_fallbacks() {
        outage.failed(new IllegalStateException("timeout"));
        assertThat(outage.tryRedis()).isFalse();
        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(outage.tryRedis()).isFalse();
        assertThat(outage.fallbacks()).as("the failed call and the two left alone").isEqualTo(3);

        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(outage.tryRedis()).as("a second after the failure").isTrue();
        assertThat(outage.tryRedis()).as("the next one waits for that try").isFalse();
        outage.failed(new IllegalStateException("timeout"));
        assertThat(outage.fallbacks()).isEqualTo(5);
    }
}
