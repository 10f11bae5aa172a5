package dev.mcphybrid.execution;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ResultCacheTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void equal_arguments_in_any_key_order_hit_until_the_ttl() {
        ResultCache cache = new ResultCache(Duration.ofSeconds(10), 100, now::get);
        JsonObject result = json("{\"content\":[{\"type\":\"text\",\"text\":\"42\"}]}");
        cache.put(ResultCache.key("s.t", json("{\"a\":1,\"b\":{\"y\":2,\"x\":[1,{\"q\":1,\"p\":2}]}}")), result);

        assertThat(cache.get(ResultCache.key("s.t", json("{\"b\":{\"x\":[1,{\"p\":2,\"q\":1}],\"y\":2},\"a\":1}")))).isEqualTo(result);
        assertThat(cache.get(ResultCache.key("s.t", json("{\"a\":2}")))).isNull();
        assertThat(cache.get(ResultCache.key("s.other", json("{\"a\":1}")))).isNull();

        now.addAndGet(Duration.ofSeconds(11).toNanos());
        assertThat(cache.get(ResultCache.key("s.t", json("{\"a\":1,\"b\":{\"y\":2,\"x\":[1,{\"q\":1,\"p\":2}]}}")))).isNull();
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.misses()).isEqualTo(3);
    }

    @Test
    void stays_bounded_and_can_be_switched_off() {
        ResultCache cache = new ResultCache(Duration.ofSeconds(10), 50, now::get);
        for (int i = 0; i < 500; i++) {
            cache.put("k" + i, json("{}"));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(50);
        ResultCache off = new ResultCache(Duration.ZERO, 50, now::get);
        off.put("k", json("{}"));
        assertThat(off.enabled()).isFalse();
        assertThat(off.get("k")).isNull();
    }

    @Test
    void canonical_json_sorts_keys_and_keeps_array_order() {
        assertThat(CanonicalJson.of(json("{\"b\":[3,1],\"a\":\"x\\\"y\"}"))).isEqualTo("{\"a\":\"x\\\"y\",\"b\":[3,1]}");
        assertThat(CanonicalJson.of(null)).isEqualTo("{}");
    }

    static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
