package dev.mcphybrid.ratelimit;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
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
        this(connect(url), prefix, new MemoryRateLimiter(), new RedisOutage(where(url), System::nanoTime, RETRY_EVERY));
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

    private static RedisClient connect(URI url) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        pool.setMaxWait(TIMEOUT);
        DefaultJedisClientConfig timeouts = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) TIMEOUT.toMillis())
                .socketTimeoutMillis((int) TIMEOUT.toMillis())
                .build();
        // fromURI adds the URL's credentials, database and TLS to the timeouts set before it
        return RedisClient.builder().clientConfig(timeouts).fromURI(url).poolConfig(pool).build();
    }

    /** host:port of the URL, without credentials, for the log. */
    static String where(URI url) {
        return url.getHost() + ":" + (url.getPort() == -1 ? 6379 : url.getPort());
    }
}
