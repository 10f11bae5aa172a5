package dev.mcphybrid.cluster;

import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/** How the gateway connects to a Redis: a pooled client whose waits are all bounded. */
public final class RedisConnections {

    /** Connecting, and waiting for a pooled connection, never takes longer than this. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

    private RedisConnections() {
    }

    /** Connects lazily: Redis need not be up yet. A reply not read within {@code socketTimeout} fails the command. */
    public static RedisClient pooled(URI url, Duration socketTimeout, int poolSize) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(poolSize);
        pool.setMaxIdle(poolSize);
        pool.setMaxWait(CONNECT_TIMEOUT);
        DefaultJedisClientConfig timeouts = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) CONNECT_TIMEOUT.toMillis())
                .socketTimeoutMillis((int) socketTimeout.toMillis())
                .build();
        // fromURI adds the URL's credentials, database and TLS to the timeouts set before it
        return RedisClient.builder().clientConfig(timeouts).fromURI(url).poolConfig(pool).build();
    }

    /** host:port of the URL, without credentials, for logs and status. */
    public static String where(URI url) {
        return url.getHost() + ":" + (url.getPort() == -1 ? 6379 : url.getPort());
    }
}
