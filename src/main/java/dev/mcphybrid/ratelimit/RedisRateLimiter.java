package dev.mcphybrid.ratelimit;

import dev.mcphybrid.cluster.RedisConnections;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import redis.clients.jedis.UnifiedJedis;

/**
 * Token buckets in Redis, shared by every gateway instance that uses the same Redis and prefix; a bucket is the hash
 * {@code <prefix>:<key>}. When Redis fails, each call is answered by a {@link MemoryRateLimiter} of this instance
 * instead: limits then hold per instance, and nothing is thrown to the caller.
 */
public final class RedisRateLimiter implements RateLimiter {

    static final Duration TIMEOUT = Duration.ofMillis(500);
    static final Duration RETRY_EVERY = Duration.ofSeconds(1);
    private static final int POOL_SIZE = 32;

    private final UnifiedJedis redis;
    private final String prefix;
    private final RateLimiter fallback;
    private final RedisOutage outage;

    /** Connects lazily: Redis need not be up yet. */
    public RedisRateLimiter(URI url, String prefix) {
        this(RedisConnections.pooled(url, TIMEOUT, POOL_SIZE), prefix, new MemoryRateLimiter(), new RedisOutage(RedisConnections.where(url), System::nanoTime, RETRY_EVERY));
    }

    RedisRateLimiter(UnifiedJedis redis, String prefix, RateLimiter fallback, RedisOutage outage) {
        if (prefix == null || prefix.isBlank()) {
            throw new IllegalArgumentException("the Redis key prefix must not be blank");
        }
        this.redis = redis;
        this.prefix = prefix;
        this.fallback = fallback;
        this.outage = outage;
    }

    @Override
    public Decision acquire(String key, Limit limit) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(limit, "limit");
        if (outage.tryRedis()) {
            try {
                Decision decision = TokenBucketScript.take(redis, prefix + ":" + key, limit);
                outage.succeeded();
                return decision;
            } catch (RuntimeException e) {
                // connection refused, timeout, pool exhausted, an unexpected reply: all mean "use memory now"
                outage.failed(e);
            }
        }
        return fallback.acquire(key, limit);
    }

    /** Calls answered from memory because Redis failed or was being left alone after failing. */
    public long fallbacks() {
        return outage.fallbacks();
    }

    @Override
    public void close() {
        redis.close();
    }
}
