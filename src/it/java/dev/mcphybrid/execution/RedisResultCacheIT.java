package dev.mcphybrid.execution;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** The cluster's result cache on the real Redis, as two instances share it. */
class RedisResultCacheIT {

    private final UnifiedJedis redis = RedisClient.create("redis://127.0.0.1:6379");
    private final String prefix = "mcp-gateway-it:results-" + UUID.randomUUID();
    private final RedisResultCache instanceA = new RedisResultCache(redis, prefix, Duration.ofSeconds(30));
    private final RedisResultCache instanceB = new RedisResultCache(redis, prefix, Duration.ofSeconds(30));
    private final JsonObject graph = Json.createObjectBuilder().add("entities", 1).build();
    private final String key = ResultCache.key("memory.read_graph", Json.createObjectBuilder().build());

    @AfterEach
    void cleanUp() {
        redis.keys(prefix + ":*").forEach(redis::del);
        redis.close();
    }

    @Test
    void a_result_cached_through_one_instance_is_served_by_the_other() {
        instanceA.put(key, graph, instanceA.generation("memory"));

        assertThat(instanceB.get(key)).isEqualTo(graph);
        assertThat(instanceB.hits()).isEqualTo(1);
        assertThat(redis.pttl(redis.keys(prefix + ":cache:*").iterator().next())).isBetween(1L, 30_000L);
    }

    @Test
    void a_write_through_one_instance_makes_the_other_miss() {
        instanceA.put(key, graph, instanceA.generation("memory"));
        instanceB.invalidate("memory");

        assertThat(instanceA.get(key)).isNull();
        assertThat(instanceB.get(key)).isNull();
        assertThat(instanceA.misses()).isEqualTo(1);
    }

    @Test
    void a_read_that_began_before_a_write_elsewhere_is_not_kept() {
        long readBegan = instanceA.generation("memory");
        instanceB.invalidate("memory"); // finished while the read was running

        instanceA.put(key, graph, readBegan);

        assertThat(instanceB.get(key)).isNull();
        instanceA.put(key, graph, instanceA.generation("memory"));
        assertThat(instanceB.get(key)).as("a read begun after the write is kept").isEqualTo(graph);
    }

    @Test
    void other_servers_keep_their_cached_results() {
        String files = ResultCache.key("files.list_directory", Json.createObjectBuilder().add("path", "/").build());
        instanceA.put(files, graph, instanceA.generation("files"));
        instanceA.invalidate("memory");

        assertThat(instanceB.get(files)).isEqualTo(graph);
    }

    @Test
    void without_redis_every_call_misses_and_nothing_throws() {
        UnifiedJedis nowhere = RedisClient.create("redis://127.0.0.1:1");
        RedisResultCache cache = new RedisResultCache(nowhere, prefix, Duration.ofSeconds(30));

        assertThat(cache.generation("memory")).isEqualTo(RedisResultCache.UNKNOWN);
        cache.put(key, graph, 0);
        cache.invalidate("memory");
        assertThat(cache.get(key)).isNull();
        assertThat(cache.misses()).isEqualTo(1);
        nowhere.close();
    }
}
