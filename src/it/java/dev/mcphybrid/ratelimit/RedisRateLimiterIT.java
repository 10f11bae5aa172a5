package dev.mcphybrid.ratelimit;

import dev.mcphybrid.testing.CapturedLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Against the Redis at 127.0.0.1:6379 (started by the machine and by .ci/run). */
class RedisRateLimiterIT {

    private static final URI REDIS = URI.create("redis://127.0.0.1:6379");
    private static final String PREFIX = "mcp-gateway-test:" + UUID.randomUUID();

    private static RedisClient admin;
    private final List<RateLimiter> limiters = new ArrayList<>();

    @BeforeAll
    static void connect() {
        admin = RedisClient.create(REDIS);
        assertThat(admin.ping()).as("Redis must run at " + REDIS).isEqualTo("PONG");
    }

    @AfterAll
    static void deleteKeys() {
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = admin.scan(cursor, new ScanParams().match(PREFIX + ":*").count(1000));
            page.getResult().forEach(admin::del);
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        admin.close();
    }

    @AfterEach
    void close() {
        limiters.forEach(RateLimiter::close);
    }

    private RedisRateLimiter limiter(URI url) {
        RedisRateLimiter limiter = new RedisRateLimiter(url, PREFIX);
        limiters.add(limiter);
        return limiter;
    }

    private static String key(String name) {
        return name + "-" + UUID.randomUUID();
    }

    @Test
    void allows_a_burst_then_refuses_with_retry_after() {
        RedisRateLimiter limiter = limiter(REDIS);
        Limit slow = new Limit(0.1, 3);
        String key = key("burst");
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire(key, slow).allowed()).as("call " + (i + 1) + " of the burst").isTrue();
        }
        Decision refused = limiter.acquire(key, slow);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).as("one token takes 10 s at 0.1/s").isBetween(9L, 10L);
        assertThat(refused.remaining()).isLessThan(1);
        assertThat(limiter.fallbacks()).isZero();
    }

    @Test
    void the_bucket_is_a_hash_under_the_prefix_that_expires() {
        RedisRateLimiter limiter = limiter(REDIS);
        String key = key("stored");
        limiter.acquire(key, new Limit(1, 5));
        String redisKey = PREFIX + ":" + key;
        assertThat(admin.hgetAll(redisKey)).containsOnlyKeys("tokens", "at");
        assertThat(Double.parseDouble(admin.hget(redisKey, "tokens"))).isEqualTo(4);
        assertThat(admin.pttl(redisKey)).as("1 s to refill one token, plus a second").isBetween(1L, 2000L);
    }

    @Test
    void refills_over_time() throws InterruptedException {
        RedisRateLimiter limiter = limiter(REDIS);
        Limit fast = new Limit(20, 2);
        String key = key("refill");
        // A slow machine may refill a token between calls, so drain until refused rather than counting calls.
        boolean refused = false;
        for (int i = 0; i < 50 && !refused; i++) {
            refused = !limiter.acquire(key, fast).allowed();
        }
        assertThat(refused).as("the bucket runs dry").isTrue();

        Thread.sleep(150); // three tokens' worth at 20/s, capped at the burst of 2
        assertThat(limiter.acquire(key, fast).allowed()).isTrue();
        assertThat(limiter.acquire(key, fast).allowed()).isTrue();
    }

    @Test
    void a_bucket_stamped_in_the_future_refills_from_now_instead_of_stalling() throws InterruptedException {
        // as after a failover to a Redis whose clock is behind
        RedisRateLimiter limiter = limiter(REDIS);
        String key = key("clock-back");
        String inTheYear2255 = "9000000000000000"; // microseconds
        admin.hset(PREFIX + ":" + key, Map.of("tokens", "0", "at", inTheYear2255));

        Limit fast = new Limit(20, 2);
        assertThat(limiter.acquire(key, fast).allowed()).isFalse();
        Thread.sleep(150);
        assertThat(limiter.acquire(key, fast).allowed()).isTrue();
    }

    @Test
    void two_instances_share_one_bucket() {
        RedisRateLimiter first = limiter(REDIS);
        RedisRateLimiter second = limiter(REDIS);
        Limit slow = new Limit(0.01, 4);
        String key = key("shared");
        int allowed = 0;
        for (int i = 0; i < 5; i++) {
            allowed += first.acquire(key, slow).allowed() ? 1 : 0;
            allowed += second.acquire(key, slow).allowed() ? 1 : 0;
        }
        assertThat(allowed).as("10 calls through two pools on a bucket of 4").isEqualTo(4);
        assertThat(first.fallbacks() + second.fallbacks()).isZero();
    }

    @Test
    void keys_have_their_own_buckets() {
        RedisRateLimiter limiter = limiter(REDIS);
        Limit one = new Limit(0.01, 1);
        String alice = key("alice");
        assertThat(limiter.acquire(alice, one).allowed()).isTrue();
        assertThat(limiter.acquire(alice, one).allowed()).isFalse();
        assertThat(limiter.acquire(key("bob"), one).allowed()).isTrue();
    }

    @Test
    void jedis_reports_a_missing_script_as_no_script() {
        // TokenBucketScript falls back from EVALSHA to EVAL on this exception only
        assertThatThrownBy(() -> admin.evalsha("0".repeat(40), List.of(), List.of()))
                .isInstanceOf(JedisNoScriptException.class);
    }

    @Test
    void an_unreachable_redis_falls_back_to_memory_logs_once_and_never_throws() {
        try (CapturedLog log = new CapturedLog(RedisRateLimiter.class)) {
            RedisRateLimiter limiter = limiter(URI.create("redis://127.0.0.1:1"));
            Limit slow = new Limit(0.01, 3);
            List<Boolean> allowed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                allowed.add(limiter.acquire("unreachable", slow).allowed());
            }
            assertThat(allowed).as("the memory fallback still limits").containsExactly(true, true, true, false, false);
            assertThat(limiter.fallbacks()).isEqualTo(5);
            assertThat(log.messages(Level.WARNING)).singleElement().asString().contains("127.0.0.1:1");
        }
    }

    @Test
    void says_once_when_redis_answers_again() {
        AtomicLong now = new AtomicLong();
        RedisOutage outage = new RedisOutage("test", now::get, Duration.ofSeconds(1));
        RedisRateLimiter limiter = new RedisRateLimiter(RedisClient.create(REDIS), PREFIX, new MemoryRateLimiter(), outage);
        limiters.add(limiter);
        try (CapturedLog log = new CapturedLog(RedisRateLimiter.class)) {
            outage.failed(new IllegalStateException("simulated"));
            String key = key("recovered");
            Limit one = new Limit(0.01, 1);
            assertThat(limiter.acquire(key, one).allowed()).as("from memory while Redis is left alone").isTrue();
            assertThat(limiter.fallbacks()).isEqualTo(2);

            now.addAndGet(Duration.ofSeconds(1).toNanos());
            assertThat(limiter.acquire(key, one).allowed()).as("Redis has a bucket of its own").isTrue();
            assertThat(limiter.acquire(key, one).allowed()).isFalse();
            assertThat(limiter.fallbacks()).isEqualTo(2);
            assertThat(log.messages(Level.INFO)).singleElement().asString().contains("answers again");
        }
    }
}
