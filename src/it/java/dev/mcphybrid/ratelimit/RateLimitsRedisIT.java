package dev.mcphybrid.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.cluster.ClusterSettings;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** RateLimits against the Redis at 127.0.0.1:6379 (started by the machine and by .ci/run). */
class RateLimitsRedisIT {

    @Test
    void in_redis_with_a_redis_url() {
        String prefix = "mcp-gateway-test:" + UUID.randomUUID();
        RateLimits limits = RateLimitsTest.rateLimits("true", "0.01/1", Optional.of("redis://127.0.0.1"), prefix); // port 6379 by default
        limits.start();
        try (RedisClient admin = RedisClient.create("127.0.0.1", 6379)) {
            assertThat(limits.distributed()).isTrue();
            assertThat(limits.backend()).isEqualTo("redis");
            assertThat(limits.checkExecution("alice", "files.read").allowed()).isTrue();
            assertThat(limits.checkExecution("alice", "files.read").allowed()).isFalse();
            assertThat(admin.exists(prefix + ":principal:alice")).isTrue();
            assertThat(admin.exists(prefix + ":tool:files.read")).isTrue();
            assertThat(limits.redisFallbacks()).isZero();
            admin.del(prefix + ":principal:alice", prefix + ":tool:files.read");
        } finally {
            limits.stop();
        }
    }


    @Test
    void a_cluster_member_shares_its_buckets_in_the_cluster_store_by_default() {
        RateLimits limits = RateLimitsTest.rateLimits("true", "0.01/1", Optional.empty(), "unused");
        String prefix = "mcp-gateway-test:" + UUID.randomUUID();
        limits.cluster = ClusterSettings.of(true, "redis://127.0.0.1:6379", prefix, "a");
        limits.start();
        try (var redis = RedisClient.create("redis://127.0.0.1:6379")) {
            assertThat(limits.backend()).isEqualTo("redis");
            assertThat(limits.checkExecution("alice", "files.read").allowed()).isTrue();
            assertThat(redis.keys(prefix + ":ratelimit:*")).isNotEmpty();
            redis.keys(prefix + ":*").forEach(redis::del);
        } finally {
            limits.stop();
        }
    }


    @Test
    void a_redis_url_of_the_limits_own_wins_over_the_cluster_store() {
        String prefix = "mcp-gateway-test:" + UUID.randomUUID();
        RateLimits limits = RateLimitsTest.rateLimits("true", "0.01/1", Optional.of("redis://127.0.0.1:6379"), prefix + ":own");
        limits.cluster = ClusterSettings.of(true, "redis://127.0.0.1:1", prefix + ":cluster", "a");
        limits.start();
        try (var redis = RedisClient.create("redis://127.0.0.1:6379")) {
            assertThat(limits.checkExecution("alice", "files.read").allowed()).isTrue();
            assertThat(redis.keys(prefix + ":own:*")).isNotEmpty();
            assertThat(limits.redisFallbacks()).as("the cluster's unreachable store is not used").isZero();
            redis.keys(prefix + ":*").forEach(redis::del);
        } finally {
            limits.stop();
        }
    }
}
