package dev.mcphybrid.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** The cluster's event log on the real Redis: two instances append, both read the same events under the same ids. */
class SharedEventLogIT {

    private final UnifiedJedis redis = RedisClient.create("redis://127.0.0.1:6379");
    private final String stream = "mcp-gateway-it:events-" + UUID.randomUUID();
    private final List<SharedEventLog> logs = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        logs.forEach(log -> log.stop(Duration.ofSeconds(1)));
        redis.del(stream);
        redis.close();
    }

    private SharedEventLog start(String instance, List<GatewayEvent> into, int maxLength) {
        SharedEventLog log = new SharedEventLog(redis, redis, stream, maxLength, instance, into::addAll);
        log.tail(maxLength).forEach(into::add);
        log.start(Thread::new);
        logs.add(log);
        return log;
    }

    private static SharedEventLog.Draft draft(String server, int n) {
        return new SharedEventLog.Draft(EventType.EXECUTION, server, Instant.now(), Json.createObjectBuilder().add("n", n).build());
    }

    @Test
    void events_of_two_instances_reach_both_in_one_order_under_gapless_increasing_ids() {
        List<GatewayEvent> seenByA = new CopyOnWriteArrayList<>();
        List<GatewayEvent> seenByB = new CopyOnWriteArrayList<>();
        SharedEventLog a = start("a", seenByA, 1000);
        SharedEventLog b = start("b", seenByB, 1000);
        long before = System.currentTimeMillis() * 1000;
        for (int i = 0; i < 50; i++) {
            a.append(draft("from-a", i));
            b.append(draft("from-b", i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByA.size() == 100 && seenByB.size() == 100);

        assertThat(seenByA).extracting(GatewayEvent::json).containsExactlyElementsOf(seenByB.stream().map(GatewayEvent::json).toList());
        List<Long> ids = seenByA.stream().map(GatewayEvent::id).toList();
        assertThat(ids.get(0)).as("numbered from the time, like a single instance").isGreaterThan(before);
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i)).isEqualTo(ids.get(i - 1) + 1);
        }
        for (String server : List.of("from-a", "from-b")) {
            assertThat(seenByA.stream().filter(e -> server.equals(e.serverId())).map(e -> e.data().getInt("n")).toList())
                    .as("each instance's events stay in the order it published them").isSorted().hasSize(50);
        }
        assertThat(seenByA.get(0).json()).contains("\"instance\":\"" + (seenByA.get(0).serverId().equals("from-a") ? "a" : "b") + "\"");
    }

    @Test
    void a_new_instance_starts_with_the_newest_events_and_reads_on_after_them() {
        List<GatewayEvent> seenByA = new CopyOnWriteArrayList<>();
        SharedEventLog a = start("a", seenByA, 1000);
        for (int i = 0; i < 10; i++) {
            a.append(draft("s", i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByA.size() == 10);

        List<GatewayEvent> seenByC = new CopyOnWriteArrayList<>();
        SharedEventLog c = new SharedEventLog(redis, redis, stream, 1000, "c", seenByC::addAll);
        List<GatewayEvent> tail = c.tail(4);
        assertThat(tail).extracting(GatewayEvent::id).containsExactlyElementsOf(seenByA.subList(6, 10).stream().map(GatewayEvent::id).toList());
        assertThat(c.newestId(0)).isEqualTo(seenByA.get(9).id());
        c.start(Thread::new);
        logs.add(c);
        a.append(draft("s", 10));
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByC.size() == 1);
        assertThat(seenByC.get(0).id()).isEqualTo(seenByA.get(9).id() + 1);
    }

    @Test
    void while_the_store_is_unreachable_events_wait_in_a_bounded_queue_and_the_oldest_are_dropped() {
        UnifiedJedis nowhere = RedisClient.create("redis://127.0.0.1:1");
        SharedEventLog log = new SharedEventLog(nowhere, nowhere, stream, 200, "a", events -> { });
        for (int i = 0; i < 250; i++) {
            log.append(draft("s", i)); // never blocks the producer
        }
        assertThat(log.waiting()).isEqualTo(200);
        assertThat(log.dropped()).isEqualTo(50);
        assertThat(log.tail(10)).isEmpty();
        assertThat(log.newestId(7)).isEqualTo(7);
        nowhere.close();
    }
}
