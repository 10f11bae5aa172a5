package dev.mcphybrid.cluster;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.UnifiedJedis;

/**
 * The store every instance of a cluster shares: Redis at {@code gateway.cluster.redis.url}, every key under
 * {@code gateway.cluster.prefix}. Absent when the gateway runs as one instance ({@link #enabled()} false).
 * Two clients: short commands time out after 500 ms, so a hung Redis never holds a caller for long; blocking
 * reads (XREAD BLOCK) get their own pool with a timeout longer than the block.
 */
@ApplicationScoped
public class ClusterStore {

    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    /** How long one blocking read waits for news; its socket waits this plus a margin. */
    public static final Duration BLOCK = Duration.ofSeconds(2);

    @Inject
    ClusterSettings settings;

    private UnifiedJedis redis;
    private UnifiedJedis blocking;

    @PostConstruct
    void connect() {
        if (!settings.enabled()) {
            return;
        }
        URI url = settings.redisUrl().orElseThrow(() -> new IllegalStateException(ClusterStartupCheck.NO_REDIS));
        redis = RedisConnections.pooled(url, COMMAND_TIMEOUT, 32);
        blocking = RedisConnections.pooled(url, BLOCK.plusSeconds(3), 4);
    }

    public boolean enabled() {
        return redis != null;
    }

    public String instanceId() {
        return settings.instanceId();
    }

    /** {@code <prefix>:<name>}: every key of this cluster. */
    public String key(String name) {
        return settings.prefix() + ":" + name;
    }

    /** Short commands; throws IllegalStateException when the gateway is not clustered. */
    public UnifiedJedis redis() {
        if (redis == null) {
            throw new IllegalStateException("not clustered");
        }
        return redis;
    }

    /** For commands that block up to {@link #BLOCK}. */
    public UnifiedJedis blocking() {
        if (blocking == null) {
            throw new IllegalStateException("not clustered");
        }
        return blocking;
    }

    /** host:port of the store, without credentials, for logs and status. */
    public String where() {
        return settings.redisUrl().map(RedisConnections::where).orElse("");
    }

    @PreDestroy
    void close() {
        if (redis != null) {
            redis.close();
            blocking.close();
        }
    }
}
