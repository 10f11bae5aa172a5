package dev.mcphybrid.events;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When a delivery thread sends a client's events, driven with made-up clock readings (no sleeping, no timing). */
class DeliveryWorkerTest {

    static final long WINDOW = TimeUnit.MILLISECONDS.toNanos(25);

    private final AtomicLong ids = new AtomicLong();
    private final List<String> drops = new ArrayList<>();
    private final EventHistory history = new EventHistory(10);
    private RecordingSink sink;
    private EventClient client;
    private DeliveryWorker worker;
    private long t0;

    @BeforeEach
    void client() {
        sink = new RecordingSink();
        client = new EventClient(sink, Subscription.ALL, 1000, 100, "tester");
        worker = new DeliveryWorker(10, WINDOW, new DeliveryWorker.Outlet() {
            @Override
            public void send(EventClient c, long now) {
                c.flush(now);
            }

            @Override
            public void drop(EventClient c, String why) {
                drops.add(c.sink.describe() + ": " + why);
                worker.remove(c);
            }

            @Override
            public void dropAll(List<EventClient> all, String why) {
                drops.add(all.size() + " clients: " + why);
                all.forEach(worker::remove);
            }

            @Override
            public void replay(EventClient c) {
                c.replayFrom(history);
            }
        });
        worker.add(client);
        t0 = System.nanoTime();
    }

    private GatewayEvent event(EventType type, String server) {
        return GatewayEvent.of(ids.incrementAndGet(), type, server, Instant.now(), Json.createObjectBuilder().build());
    }

    private void queue(int count) {
        for (int i = 0; i < count; i++) {
            client.offer(event(EventType.EXECUTION, "s"));
        }
    }

    @Test
    void a_quiet_clients_first_event_goes_at_once_and_the_next_ones_wait_for_the_window_as_one_batch() {
        queue(1);
        worker.pass(t0);
        assertThat(sink.sent).hasSize(1);

        queue(3);
        long sleep = worker.pass(t0 + WINDOW / 5);
        assertThat(sink.sent).as("within the window").hasSize(1);
        assertThat(sleep).isEqualTo(WINDOW - WINDOW / 5);

        worker.pass(t0 + WINDOW);
        assertThat(sink.sent).hasSize(2);
        assertThat(sink.sent.get(1)).extracting(GatewayEvent::id).containsExactly(2L, 3L, 4L);
        assertThat(worker.pass(t0 + WINDOW + 1)).as("nothing waits").isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void an_urgent_event_does_not_wait_for_the_window() {
        queue(1);
        worker.pass(t0);
        queue(1);
        client.markUrgent();
        worker.pass(t0 + 1);
        assertThat(sink.sent).hasSize(2);
    }

    @Test
    void a_batch_holds_at_most_batch_size_events_and_the_rest_follows_a_window_later() {
        queue(250);
        worker.pass(t0);
        assertThat(sink.sent.get(0)).hasSize(100);
        assertThat(worker.pass(t0 + 1)).isEqualTo(WINDOW - 1);
        worker.pass(t0 + WINDOW);
        worker.pass(t0 + 2 * WINDOW);
        assertThat(sink.sent).extracting(List::size).containsExactly(100, 100, 50);
    }

    @Test
    void a_busy_sink_keeps_its_events_queued_and_its_idle_callback_wakes_the_worker() {
        sink.busy = true;
        queue(2);
        worker.pass(t0);
        assertThat(sink.sent).isEmpty();
        assertThat(client.pending()).isEqualTo(2);

        sink.busy = false;
        assertThat(worker.wakeRequested()).isFalse();
        sink.idle.run();
        assertThat(worker.wakeRequested()).isTrue();
        worker.pass(t0 + 1);
        assertThat(sink.sent).singleElement().satisfies(batch -> assertThat(batch).hasSize(2));
    }

    @Test
    void published_events_reach_the_clients_that_want_them_and_urgent_ones_go_at_once() {
        RecordingSink other = new RecordingSink();
        EventClient onlyAlerts = new EventClient(other, new Subscription(java.util.Set.of(EventType.SYSTEM_ALERT), java.util.Set.of()), 10, 100, "b");
        worker.add(onlyAlerts);
        worker.publish(event(EventType.EXECUTION, "s"));
        worker.publish(event(EventType.SYSTEM_ALERT, null));
        assertThat(worker.wakeRequested()).isTrue();
        worker.pass(t0);
        assertThat(sink.sent).singleElement().satisfies(batch -> assertThat(batch).extracting(GatewayEvent::id).containsExactly(1L, 2L));
        assertThat(other.sent).singleElement().satisfies(batch -> assertThat(batch).extracting(GatewayEvent::id).containsExactly(2L));

        worker.publish(event(EventType.EXECUTION, "s"));
        worker.publish(event(EventType.SYSTEM_ALERT, null));
        worker.pass(t0 + 1);
        assertThat(sink.sent).as("the alert does not wait for the window, and takes the execution event along").hasSize(2);
        assertThat(other.sent).hasSize(2);
    }

    @Test
    void a_client_gets_no_live_copy_of_what_it_was_already_given_by_replay() {
        client.liveAfter = 2;
        worker.publish(event(EventType.EXECUTION, "s"));
        worker.publish(event(EventType.EXECUTION, "s"));
        worker.publish(event(EventType.EXECUTION, "s"));
        worker.pass(t0);
        assertThat(sink.sent).singleElement().satisfies(batch -> assertThat(batch).extracting(GatewayEvent::id).containsExactly(3L));
    }

    @Test
    void a_replaying_client_is_topped_up_from_the_history_after_each_batch_until_it_goes_live() {
        for (int i = 0; i < 5; i++) {
            history.append(event(EventType.EXECUTION, "s"));
        }
        RecordingSink replayed = new RecordingSink();
        EventClient reconnected = new EventClient(replayed, Subscription.ALL, 2, 100, "r");
        reconnected.liveAfter = 5;
        reconnected.replayAfter(0);
        worker.add(reconnected);

        assertThat(worker.pass(t0)).as("the replay goes on a window later").isEqualTo(WINDOW);
        worker.pass(t0 + WINDOW);
        worker.pass(t0 + 2 * WINDOW);
        assertThat(replayed.sent).extracting(List::size).containsExactly(2, 2, 1);
        assertThat(reconnected.replaying()).isFalse();

        GatewayEvent live = event(EventType.EXECUTION, "s");
        history.append(live);
        worker.publish(live);
        worker.pass(t0 + 3 * WINDOW);
        assertThat(replayed.ids()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void a_client_whose_queue_overflows_is_dropped() {
        RecordingSink stalled = new RecordingSink();
        stalled.busy = true;
        EventClient slow = new EventClient(stalled, Subscription.ALL, 3, 100, "slow");
        worker.add(slow);
        for (int i = 0; i < 4; i++) {
            worker.publish(event(EventType.EXECUTION, "s"));
            worker.pass(t0 + i);
        }
        assertThat(drops).containsExactly("test: stopped reading: 3 events waiting");
        assertThat(worker.size()).isEqualTo(1);
        assertThat(client.pending() + sink.sent.stream().mapToInt(List::size).sum()).isEqualTo(4);
    }

    @Test
    void an_overflow_while_the_client_was_reading_blames_the_gateway() {
        EventClient unserved = new EventClient(new RecordingSink(), Subscription.ALL, 2, 100, "unserved");
        unserved.offer(event(EventType.EXECUTION, "s"));
        unserved.offer(event(EventType.EXECUTION, "s"));
        worker.add(unserved);
        worker.publish(event(EventType.EXECUTION, "s"));
        worker.pass(t0);
        assertThat(drops).containsExactly("test: the gateway fell behind: 2 events waiting");
    }

    @Test
    void a_worker_that_falls_a_whole_inbox_behind_drops_its_clients_at_once_rather_than_leave_gaps() {
        worker.add(new EventClient(new RecordingSink(), Subscription.ALL, 1000, 100, "other"));
        for (int i = 0; i < 11; i++) {
            worker.publish(event(EventType.EXECUTION, "s"));
        }
        worker.pass(t0);
        assertThat(drops).singleElement().satisfies(why -> assertThat(why).startsWith("2 clients: ").contains("fell 10 events behind"));
        assertThat(worker.size()).isZero();
        assertThat(sink.sent).isEmpty();
    }

    @Test
    void a_sink_going_idle_wakes_nobody_when_nothing_was_held_back() {
        queue(1);
        worker.pass(t0);
        sink.idle.run();
        assertThat(worker.wakeRequested()).isFalse();
    }
}
