package dev.mcphybrid.execution;

import dev.mcphybrid.common.Tally;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;
import redis.clients.jedis.UnifiedJedis;
import static dev.mcphybrid.common.JsonSupport.JSON;

/**
 * The result cache of a cluster, in Redis, so a read through one instance after a write through another is never
 * served stale. A server's generation is the counter {@code <prefix>:cache-gen:<server>}; an entry is
 * {@code <prefix>:cache:<sha-256 of the key>} holding {@code <generation>\n<result>} with the TTL as its expiry. A
 * read fetches both in one MGET and is a hit only when the entry's generation is the server's current one; a put
 * stores only if the generation has not moved since the read began (one script, so no write slips in between).
 * <p>
 * Redis failures never fail a call: a get is a miss, a put is skipped, and an invalidation that could not be sent
 * is sent again before this instance reads from the cache again.
 */
final class RedisResultCache implements ResultCache {

    private static final Logger LOG = Logger.getLogger(RedisResultCache.class.getName());
    /** Generation unknown (Redis failed): {@link #put} keeps nothing. */
    static final long UNKNOWN = -1;
    private static final String MOVE_ON = """
            redis.call('INCR', KEYS[1])
            return redis.call('PEXPIRE', KEYS[1], ARGV[1])""";
    private static final String PUT_IF_CURRENT = """
            if (redis.call('GET', KEYS[1]) or '0') == ARGV[1] then
              redis.call('SET', KEYS[2], ARGV[1] .. '\\n' .. ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0""";

    private final UnifiedJedis redis;
    private final String prefix;
    private final long ttlMillis;
    /** Generation keys outlive every entry read at an older generation, so a counter that expired and starts again cannot match one. */
    private final long generationTtlMillis;
    private final Set<String> unsentInvalidations = ConcurrentHashMap.newKeySet();
    private final Tally hits = new Tally();
    private final Tally misses = new Tally();
    private final AtomicBoolean failing = new AtomicBoolean();

    RedisResultCache(UnifiedJedis redis, String prefix, Duration ttl) {
        this.redis = redis;
        this.prefix = prefix;
        this.ttlMillis = ttl.toMillis();
        this.generationTtlMillis = 2 * ttlMillis + Duration.ofMinutes(1).toMillis();
    }

    @Override
    public boolean enabled() {
        return ttlMillis > 0;
    }

    @Override
    public long generation(String serverId) {
        try {
            flushInvalidations();
            String value = redis.get(generationKey(serverId));
            succeeded();
            return value == null ? 0 : Long.parseLong(value);
        } catch (RuntimeException e) {
            failed(e);
            return UNKNOWN;
        }
    }

    @Override
    public void invalidate(String serverId) {
        unsentInvalidations.add(serverId);
        try {
            flushInvalidations();
            succeeded();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public JsonObject get(String key) {
        try {
            flushInvalidations();
            List<String> values = redis.mget(generationKey(ResultCache.serverOf(key)), entryKey(key));
            succeeded();
            String generation = values.get(0) == null ? "0" : values.get(0);
            String entry = values.get(1);
            int newline = entry == null ? -1 : entry.indexOf('\n');
            if (newline < 0 || !entry.substring(0, newline).equals(generation)) {
                misses.increment();
                return null;
            }
            try (var reader = JSON.createReader(new StringReader(entry.substring(newline + 1)))) {
                JsonObject result = reader.readObject();
                hits.increment();
                return result;
            }
        } catch (RuntimeException e) {
            failed(e);
            misses.increment();
            return null;
        }
    }

    @Override
    public void put(String key, JsonObject result, long generation) {
        if (generation == UNKNOWN || !unsentInvalidations.isEmpty()) {
            return;
        }
        try {
            redis.eval(PUT_IF_CURRENT, List.of(generationKey(ResultCache.serverOf(key)), entryKey(key)),
                    List.of(String.valueOf(generation), result.toString(), String.valueOf(ttlMillis)));
            succeeded();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public long hits() {
        return hits.get();
    }

    @Override
    public long misses() {
        return misses.get();
    }

    @Override
    public void exportCounts(MetricRegistry metrics) {
        hits.exportAs(metrics, "gateway.cache.hits");
        misses.exportAs(metrics, "gateway.cache.misses");
    }

    /** The entries are in Redis, shared by the cluster; none in this instance's memory. */
    @Override
    public int size() {
        return 0;
    }

    private void flushInvalidations() {
        for (String serverId : unsentInvalidations) {
            redis.eval(MOVE_ON, List.of(generationKey(serverId)), List.of(String.valueOf(generationTtlMillis)));
            unsentInvalidations.remove(serverId);
        }
    }

    private String generationKey(String serverId) {
        return prefix + ":cache-gen:" + serverId;
    }

    private String entryKey(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return prefix + ":cache:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private void succeeded() {
        if (failing.compareAndSet(true, false)) {
            LOG.info("The shared result cache answers again");
        }
    }

    private void failed(RuntimeException e) {
        if (failing.compareAndSet(false, true)) {
            LOG.warning(() -> "The shared result cache in Redis failed (" + e + "); calls go to the servers until it answers");
        }
    }
}
