package dev.mcphybrid.ratelimit;

import dev.mcphybrid.cluster.ClusterSettings;
import dev.mcphybrid.testing.CapturedLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

    /** Rate limits built by hand, as CDI would from these keys; also used by RateLimitsRedisIT. */
    static RateLimits rateLimits(String enabled, String perPrincipal, Optional<String> redisUrl, String prefix) {
        RateLimits limits = new RateLimits();
        limits.enabled = enabled;
        limits.perPrincipal = perPrincipal;
        limits.perTool = "0.01/5";
        limits.toolOverrides = Optional.of(List.of("search.*=0.01/1"));
        limits.redisUrl = redisUrl;
        limits.redisPrefix = prefix;
        limits.cluster = ClusterSettings.of(false, null, "unused", null); // an instance on its own
        return limits;
    }

    @Test
    void in_memory_without_a_redis_url_and_says_so_once_at_start() {
        RateLimits limits = rateLimits("true", "0.01/2", Optional.empty(), "p");
        try (CapturedLog log = new CapturedLog(RateLimits.class)) {
            limits.start();
            assertThat(log.messages(Level.INFO)).singleElement().asString().contains("0.01/2 per principal").contains("in memory");
        }
        try {
            assertThat(limits.enabled()).isTrue();
            assertThat(limits.distributed()).isFalse();
            assertThat(limits.backend()).isEqualTo("memory");
            assertThat(limits.checkExecution("alice", "files.read").allowed()).isTrue();
            assertThat(limits.checkExecution("alice", "files.read").allowed()).isTrue();
            assertThat(limits.checkExecution("alice", "files.read").allowed()).isFalse();
            assertThat(limits.checkExecution("bob", "search.query").allowed()).isTrue();
            assertThat(limits.checkExecution("carol", "search.query").allowed()).as("search.* override").isFalse();
        } finally {
            limits.stop();
        }
    }

    @Test
    void disabled_allows_everything() {
        RateLimits limits = rateLimits("false", "0.01/1", Optional.of("redis://127.0.0.1:6379"), "p");
        limits.start();
        assertThat(limits.enabled()).isFalse();
        assertThat(limits.distributed()).as("no Redis client when off").isFalse();
        for (int i = 0; i < 5; i++) {
            assertThat(limits.checkExecution("alice", "files.read")).isEqualTo(Decision.UNLIMITED);
        }
        limits.stop();
    }

    @Test
    void a_bad_value_stops_the_start_naming_its_key() {
        RateLimits limits = rateLimits("true", "lots", Optional.empty(), "p");
        assertThatThrownBy(limits::start).hasMessageStartingWith("gateway.ratelimit.principal: ");
    }
}
