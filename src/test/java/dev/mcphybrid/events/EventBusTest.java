package dev.mcphybrid.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphybrid.bench.Wiring;
import dev.mcphybrid.testing.FiredEvents;
import jakarta.json.Json;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bus with scripted clients: filtering, replay, ordering and dropping a client that stopped reading. */
class EventBusTest {

    private final FiredEvents<SystemAlert> alerts = new FiredEvents<>();
    private EventBus bus;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void bus() {
        bus = new EventBus();
        bus.historySize = 5;
        bus.clientQueue = 3;
        bus.batchSize = 100;
        bus.maxClients = 2;
        bus.maxClientsPerPrincipal = 2;
        bus.maxEventBytes = 4096;
        bus.secretMask = new dev.mcphybrid.security.SecretMask();
        bus.alerts = alerts.event();
        bus.metrics = Wiring.inert(MetricRegistry.class);
        bus.ordered = FiredEvents.ordering();
        bus.history = new EventHistory(bus.historySize);
        // no delivery threads: the test runs the workers' passes itself (deliver)
        bus.delivery = new DeliveryWorkers(2, 100, WINDOW, bus.outlet());
    }

    private GatewayEvent publish(EventType type, String server) {
        return bus.publish(type, server, Json.createObjectBuilder().add("n", 1).build());
    }

    private static final long WINDOW = TimeUnit.MILLISECONDS.toNanos(25);
    private long clock = System.nanoTime();

    /** What the delivery threads would do next, a batch window after the last time. */
    private void deliver() {
        clock += WINDOW;
        bus.delivery.passAll(clock);
    }

    private void deliver(int passes) {
        for (int i = 0; i < passes; i++) {
            deliver();
        }
    }

    private static List<String> ids(int from, int to) {
        return java.util.stream.LongStream.rangeClosed(from, to).mapToObj(String::valueOf).toList();
    }

    @Test
    void clients_get_only_what_they_subscribed_to_and_urgent_types_at_once() {
        RecordingSink sink = new RecordingSink();
        bus.connect(sink, new Subscription(Set.of(EventType.SERVER_STATUS), Set.of("a")), null, "tester");
        publish(EventType.SERVER_STATUS, "a");
        publish(EventType.SERVER_STATUS, "b");
        publish(EventType.LOG_ENTRY, "a");
        deliver();
        assertThat(sink.sent).hasSize(1);
        assertThat(sink.sent.get(0).get(0).serverId()).isEqualTo("a");
    }

    @Test
    void clients_dropped_together_are_each_counted_but_raise_one_alert() {
        RecordingSink first = new RecordingSink();
        RecordingSink second = new RecordingSink();
        EventClient one = bus.connect(first, Subscription.ALL, null, "tester");
        EventClient two = bus.connect(second, Subscription.ALL, null, "tester");

        bus.dropAll(java.util.List.of(one, two), "the gateway fell 100 events behind");
        bus.dropAll(java.util.List.of(one, two), "again"); // already gone: nothing more

        assertThat(bus.droppedClients()).isEqualTo(2);
        assertThat(bus.clientCount()).isZero();
        assertThat(alerts.events()).singleElement().satisfies(alert ->
                assertThat(alert.message()).isEqualTo("Dropped 2 event clients: the gateway fell 100 events behind"));
        assertThat(alerts.fired()).extracting(FiredEvents.Fired::orderedBy).containsExactly("events");
    }

    @Test
    void a_reconnect_replays_missed_events_once_in_order_then_live_ones() {
        for (int i = 0; i < 4; i++) {
            publish(EventType.SERVER_STATUS, "a");
        }
        RecordingSink sink = new RecordingSink();
        bus.connect(sink, Subscription.ALL, 2L, "tester");
        publish(EventType.SERVER_STATUS, "a");
        deliver();
        assertThat(sink.ids()).containsExactly(3L, 4L, 5L);
    }

    @Test
    void a_reconnect_that_missed_more_than_its_queue_holds_gets_every_missed_event_once_and_in_order() {
        bus.history = new EventHistory(10);
        for (int i = 0; i < 8; i++) {
            publish(EventType.EXECUTION, "a");
        }
        RecordingSink sink = new RecordingSink();
        EventClient client = bus.connect(sink, Subscription.ALL, 0L, "tester");
        deliver();
        assertThat(sink.stream).as("a queue's worth at once").containsExactly("1", "2", "3");

        publish(EventType.EXECUTION, "a"); // live events while the replay is under way
        publish(EventType.SERVER_STATUS, "a");
        deliver();
        sink.busy = true;
        publish(EventType.EXECUTION, "a"); // pushes event 1 out of the history, which was sent already
        deliver();
        sink.busy = false;
        deliver(4);
        assertThat(sink.stream).containsExactlyElementsOf(ids(1, 11));
        assertThat(client.replaying()).isFalse();

        publish(EventType.EXECUTION, "a");
        deliver();
        assertThat(sink.stream).containsExactlyElementsOf(ids(1, 12));
        assertThat(bus.droppedClients()).isZero();
    }

    @Test
    void a_reconnect_from_before_the_history_is_told_which_ids_were_lost_then_gets_the_rest() {
        for (int i = 0; i < 8; i++) {
            publish(EventType.SERVER_STATUS, "a"); // the history keeps 4 to 8
        }
        RecordingSink sink = new RecordingSink();
        bus.connect(sink, Subscription.ALL, 1L, "tester");
        deliver(4);
        assertThat(sink.stream).containsExactly("lost 2..3", "4", "5", "6", "7", "8");
        assertThat(bus.lostEventIds()).as("ids 2 and 3, counted for the operators").isEqualTo(2);
    }

    @Test
    void a_replay_the_history_overtakes_says_where_it_lost_events_and_carries_on() {
        for (int i = 0; i < 5; i++) {
            publish(EventType.SERVER_STATUS, "a");
        }
        RecordingSink sink = new RecordingSink();
        sink.busy = true;
        EventClient client = bus.connect(sink, new Subscription(Set.of(EventType.SERVER_STATUS), Set.of()), 0L, "tester");
        deliver();
        for (int i = 0; i < 5; i++) {
            publish(EventType.LOG_ENTRY, "a"); // not for this client, so it is not falling behind: it is kept
        }
        deliver();
        sink.busy = false;
        deliver(3);
        publish(EventType.SERVER_STATUS, "a");
        deliver();
        assertThat(sink.stream).containsExactly("1", "2", "3", "lost 4..5", "11");
        assertThat(bus.lostEventIds()).isEqualTo(2);
        assertThat(client.replaying()).isFalse();
        assertThat(bus.droppedClients()).isZero();
    }

    @Test
    void a_client_that_does_not_read_its_replay_is_dropped_once_a_queue_of_live_events_has_come() {
        bus.history = new EventHistory(10);
        for (int i = 0; i < 8; i++) {
            publish(EventType.EXECUTION, "a");
        }
        RecordingSink sink = new RecordingSink();
        sink.busy = true;
        bus.connect(sink, Subscription.ALL, 0L, "tester");
        for (int i = 0; i < 3; i++) {
            publish(EventType.EXECUTION, "a");
            deliver();
        }
        assertThat(bus.droppedClients()).as("a queue's worth of live events").isZero();
        publish(EventType.EXECUTION, "a");
        deliver();
        assertThat(bus.droppedClients()).isEqualTo(1);
        assertThat(sink.closedWith).isEqualTo("too slow: stopped reading: 3 events waiting");
        assertThat(sink.sent).isEmpty();
    }

    @Test
    void a_client_that_stops_reading_is_dropped_with_an_alert_and_the_others_keep_going() {
        RecordingSink slow = new RecordingSink();
        slow.busy = true;
        RecordingSink fine = new RecordingSink();
        bus.connect(slow, Subscription.ALL, null, "tester");
        bus.connect(fine, Subscription.ALL, null, "tester");
        for (int i = 0; i < 5; i++) {
            publish(EventType.SERVER_STATUS, "a");
            deliver();
        }
        assertThat(slow.closedWith).startsWith("too slow");
        assertThat(bus.droppedClients()).isEqualTo(1);
        assertThat(bus.clientCount()).isEqualTo(1);
        assertThat(fine.ids()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(alerts.events()).singleElement().satisfies(a -> assertThat(a.message()).contains("Dropped event client test of tester"));
        assertThat(alerts.fired()).extracting(FiredEvents.Fired::orderedBy).containsExactly("events:tester");
    }

    @Test
    void the_connection_limit_is_enforced() {
        bus.connect(new RecordingSink(), Subscription.ALL, null, "tester");
        bus.connect(new RecordingSink(), Subscription.ALL, null, "tester");
        assertThatThrownBy(() -> bus.connect(new RecordingSink(), Subscription.ALL, null, "other"))
                .isInstanceOf(EventBus.TooManyClientsException.class).hasMessageContaining("already streams to 2 clients");
    }

    @Test
    void one_principal_cannot_take_every_connection() {
        bus.maxClients = 10;
        bus.connect(new RecordingSink(), Subscription.ALL, null, "greedy");
        bus.connect(new RecordingSink(), Subscription.ALL, null, "greedy");
        assertThatThrownBy(() -> bus.connect(new RecordingSink(), Subscription.ALL, null, "greedy"))
                .isInstanceOf(EventBus.TooManyClientsException.class).hasMessage("greedy already has 2 event streams open");
        bus.connect(new RecordingSink(), Subscription.ALL, null, "modest");
        assertThat(bus.clientCount()).isEqualTo(3);
    }

    @Test
    void clients_are_shared_between_the_delivery_threads_and_a_disconnected_one_gets_nothing_more() {
        RecordingSink first = new RecordingSink();
        RecordingSink second = new RecordingSink();
        EventClient one = bus.connect(first, Subscription.ALL, null, "a");
        EventClient two = bus.connect(second, Subscription.ALL, null, "b");
        assertThat(one.worker).isNotSameAs(two.worker);
        bus.disconnect(one);
        publish(EventType.SERVER_STATUS, "a");
        deliver();
        assertThat(first.sent).isEmpty();
        assertThat(second.ids()).containsExactly(1L);
        assertThat(one.worker.size()).isZero();
    }

    @Test
    void ids_keep_growing_across_a_restart() {
        long started = 1_795_677_000_000L;
        long reachedBeforeRestart = EventBus.firstIdAt(started) + 500L * 60 * 60 * 1000; // 500 events/s for an hour
        long restarted = started + 60 * 60 * 1000 + 1;
        assertThat(EventBus.firstIdAt(restarted)).isGreaterThan(reachedBeforeRestart);
        assertThat(EventBus.firstIdAt(restarted)).as("still exact as a JavaScript number").isLessThan(1L << 53);
    }

    @Test
    void envelopes_follow_the_design() {
        GatewayEvent event = publish(EventType.TOOL_UPDATE, "srv");
        assertThat(event.json()).startsWith("{\"id\":\"1\",\"type\":\"tool_update\",\"serverId\":\"srv\",\"timestamp\":\"")
                .endsWith("\"data\":{\"n\":1}}");
        assertThat(new String(event.jsonUtf8(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(event.json());
    }

    @Test
    void an_event_over_the_bound_keeps_its_place_cut_down_and_is_counted() {
        RecordingSink sink = new RecordingSink();
        bus.connect(sink, Subscription.ALL, null, "tester");
        GatewayEvent small = publish(EventType.EXECUTION, "a");
        GatewayEvent big = bus.publish(EventType.EXECUTION, "a", Json.createObjectBuilder()
                .add("phase", "finished").add("toolId", "t".repeat(20_000)).add("status", "ERROR").add("durationMs", 12).build());
        publish(EventType.EXECUTION, "a");
        deliver();

        assertThat(sink.ids()).containsExactly(small.id(), small.id() + 1, small.id() + 2);
        assertThat(big.jsonUtf8().length).isLessThanOrEqualTo(bus.maxEventBytes);
        assertThat(big.data().getBoolean("truncated")).isTrue();
        assertThat(big.data().getJsonNumber("originalBytes").longValue()).isGreaterThan(20_000);
        assertThat(big.data().getString("status")).isEqualTo("ERROR");
        assertThat(big.data().getString("toolId")).hasSize(EventSize.KEPT_STRING_CHARS + 3);
        assertThat(small.data().containsKey("truncated")).isFalse();
        assertThat(bus.truncatedEvents()).isEqualTo(1);
    }
}
