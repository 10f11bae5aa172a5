package dev.mcphybrid.execution;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MemoryResultCacheTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void equal_arguments_in_any_key_order_hit_until_the_ttl() {
        MemoryResultCache cache = new MemoryResultCache(Duration.ofSeconds(10), 100, now::get);
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
    void a_call_that_may_write_makes_what_was_cached_for_its_server_stale_and_only_that() {
        MemoryResultCache cache = new MemoryResultCache(Duration.ofSeconds(10), 100, now::get);
        String graph = ResultCache.key("memory.read_graph", json("{}"));
        String files = ResultCache.key("files.list_directory", json("{\"path\":\"/\"}"));
        cache.put(graph, json("{\"entities\":0}"));
        cache.put(files, json("{\"files\":1}"));

        cache.invalidate("memory"); // e.g. memory.create_entities finished

        assertThat(cache.get(graph)).isNull();
        assertThat(cache.get(files)).isNotNull();
        cache.put(graph, json("{\"entities\":1}"));
        assertThat(cache.get(graph)).isEqualTo(json("{\"entities\":1}"));
    }

    @Test
    void a_read_that_overlapped_a_write_is_not_kept() {
        MemoryResultCache cache = new MemoryResultCache(Duration.ofSeconds(10), 100, now::get);
        String graph = ResultCache.key("memory.read_graph", json("{}"));
        long readStarted = cache.generation("memory");
        cache.invalidate("memory"); // a write finished while the read was running
        cache.put(graph, json("{\"entities\":0}"), readStarted);
        assertThat(cache.get(graph)).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void stays_bounded_and_can_be_switched_off() {
        MemoryResultCache cache = new MemoryResultCache(Duration.ofSeconds(10), 50, now::get);
        for (int i = 0; i < 500; i++) {
            cache.put("k" + i, json("{}"));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(50);
        MemoryResultCache off = new MemoryResultCache(Duration.ZERO, 50, now::get);
        off.put("k", json("{}"));
        assertThat(off.enabled()).isFalse();
        assertThat(off.get("k")).isNull();
    }

    @Test
    void a_full_cache_takes_new_results_by_dropping_expired_ones_first_then_the_oldest() {
        MemoryResultCache cache = new MemoryResultCache(Duration.ofSeconds(10), 4, now::get);
        cache.put("expired-1", json("{}"));
        cache.put("expired-2", json("{}"));
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        cache.put("live-1", json("{}"));
        cache.put("live-2", json("{}"));
        now.addAndGet(Duration.ofSeconds(5).toNanos());

        cache.put("new-1", json("{}"));
        cache.put("new-2", json("{}"));
        assertThat(cache.size()).isEqualTo(4);
        assertThat(cache.get("expired-1")).isNull();
        assertThat(cache.get("expired-2")).isNull();
        for (String key : new String[] {"live-1", "live-2", "new-1", "new-2"}) {
            assertThat(cache.get(key)).as(key).isNotNull();
        }

        cache.put("new-3", json("{}"));
        assertThat(cache.size()).isEqualTo(4);
        assertThat(cache.get("live-1")).as("nothing expired: the oldest goes").isNull();
        assertThat(cache.get("new-3")).isNotNull();

        for (int i = 0; i < 1000; i++) {
            cache.put("more-" + i, json("{}"));
        }
        assertThat(cache.size()).isEqualTo(4);
        assertThat(cache.get("more-999")).isNotNull();
    }

    @Test
    void a_result_put_again_lives_its_full_ttl_from_the_second_put() {
        MemoryResultCache cache = new MemoryResultCache(Duration.ofSeconds(10), 4, now::get);
        cache.put("k", json("{\"v\":1}"));
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        cache.put("k", json("{\"v\":2}"));
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        cache.put("other", json("{}"));

        assertThat(cache.get("k")).isEqualTo(json("{\"v\":2}"));
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void concurrent_puts_keep_the_cache_within_its_bound() throws Exception {
        MemoryResultCache cache = new MemoryResultCache(Duration.ofSeconds(10), 100, System::nanoTime);
        JsonObject result = json("{}");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String prefix = "t" + t + "-";
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        cache.put(prefix + (i % 500), result);
                        assertThat(cache.size()).isLessThanOrEqualTo(100);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(cache.size()).isBetween(1, 100);
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
