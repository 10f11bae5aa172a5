package dev.mcphybrid.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphybrid.common.ShippedDefaults;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitSettingsTest {

    private static RateLimitSettings defaults() {
        return RateLimitSettings.of(ShippedDefaults.of(RateLimitSettings.ENABLED), ShippedDefaults.of(RateLimitSettings.PRINCIPAL),
                ShippedDefaults.of(RateLimitSettings.TOOL), List.of(), Optional.empty(), ShippedDefaults.of(RateLimitSettings.REDIS_PREFIX));
    }

    @Test
    void defaults_are_on_20_40_per_principal_50_100_per_tool_in_memory() {
        RateLimitSettings settings = defaults();
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.perPrincipal()).isEqualTo(new Limit(20, 40));
        assertThat(settings.perTool().forTool("any.tool")).isEqualTo(new Limit(50, 100));
        assertThat(settings.redisUrl()).isEmpty();
        assertThat(settings.redisPrefix()).isEqualTo("mcp-gateway:ratelimit");
        assertThat(settings.describe()).isEqualTo(
                "Rate limits: 20/40 per principal, 50/100 per tool (calls per second/burst), counted in memory, per gateway instance");
    }

    @Test
    void reads_overrides_and_redis() {
        RateLimitSettings settings = RateLimitSettings.of("FALSE", "1/2", "3/4", List.of("search.*=5/6"),
                Optional.of(" redis://:secret@cache.internal:6380/2 "), "gw");
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.perTool().forTool("search.query")).isEqualTo(new Limit(5, 6));
        assertThat(settings.redisUrl()).contains(URI.create("redis://:secret@cache.internal:6380/2"));
        assertThat(settings.describe()).isEqualTo("Rate limits are off (gateway.ratelimit.enabled=false)");

        RateLimitSettings on = RateLimitSettings.of("true", "1/2", "3/4", List.of("search.*=5/6"),
                Optional.of("redis://:secret@cache.internal:6380/2"), "gw");
        assertThat(on.describe()).isEqualTo("Rate limits: 1/2 per principal, 3/4 (search.*=5/6) per tool (calls per second/burst),"
                + " counted in Redis at cache.internal:6380 under gw:").doesNotContain("secret");
    }

    @Test
    void a_redis_url_without_a_port_gets_the_default_port() {
        assertThat(RateLimitSettings.of("true", "1/2", "3/4", List.of(), Optional.of("rediss://user:p%40ss@cache.internal/1"), "gw")
                .redisUrl()).contains(URI.create("rediss://user:p%40ss@cache.internal:6379/1"));
    }

    @Test
    void an_empty_redis_url_means_memory() {
        assertThat(RateLimitSettings.of("true", "1/2", "3/4", List.of(), Optional.of("  "), "gw").redisUrl()).isEmpty();
    }

    @Test
    void bad_values_name_their_key() {
        assertBad("gateway.ratelimit.enabled", () -> RateLimitSettings.of("yes please", "1/2", "3/4", List.of(), Optional.empty(), "p"));
        assertBad("gateway.ratelimit.principal", () -> RateLimitSettings.of("true", "20", "3/4", List.of(), Optional.empty(), "p"));
        assertBad("gateway.ratelimit.tool", () -> RateLimitSettings.of("true", "1/2", "0/4", List.of(), Optional.empty(), "p"));
        assertBad("gateway.ratelimit.tools", () -> RateLimitSettings.of("true", "1/2", "3/4", List.of("x=1"), Optional.empty(), "p"));
        assertBad("gateway.ratelimit.redis.url", () -> RateLimitSettings.of("true", "1/2", "3/4", List.of(), Optional.of("http://cache:6379"), "p"));
        assertBad("gateway.ratelimit.redis.url", () -> RateLimitSettings.of("true", "1/2", "3/4", List.of(), Optional.of("redis://"), "p"));
        assertBad("gateway.ratelimit.redis.prefix", () -> RateLimitSettings.of("true", "1/2", "3/4", List.of(), Optional.empty(), " "));
    }

    @Test
    void a_bad_redis_url_is_not_repeated_since_it_may_hold_a_password() {
        assertThatThrownBy(() -> RateLimitSettings.of("true", "1/2", "3/4", List.of(), Optional.of("redis://:s3cret@bad host:6379"), "p"))
                .hasMessageStartingWith("gateway.ratelimit.redis.url: not a URL")
                .hasMessageNotContaining("s3cret");
    }

    private static void assertBad(String key, org.assertj.core.api.ThrowableAssert.ThrowingCallable parse) {
        assertThatThrownBy(parse).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(key + ": ");
    }
}
