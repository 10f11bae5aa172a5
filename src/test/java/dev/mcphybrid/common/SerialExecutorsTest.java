package dev.mcphybrid.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A serial executor per key on a shared pool. */
class SerialExecutorsTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final SerialExecutors serial = new SerialExecutors(pool);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void tasks_of_one_key_run_one_at_a_time_in_submission_order() throws Exception {
        Map<String, List<Integer>> ran = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        List<String> keys = List.of("a", "b", "c", "d");
        keys.forEach(key -> {
            ran.put(key, new CopyOnWriteArrayList<>());
            running.put(key, new AtomicInteger());
        });

        for (int i = 0; i < 1000; i++) { // more than one batch per key, so drains hand over to the pool too
            for (String key : keys) {
                int n = i;
                serial.execute(key, () -> {
                    if (running.get(key).incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    ran.get(key).add(n);
                    running.get(key).decrementAndGet();
                });
            }
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> ran.values().stream().allMatch(l -> l.size() == 1000));
        assertThat(overlaps).hasValue(0);
        keys.forEach(key -> assertThat(ran.get(key)).isSorted());
        await().atMost(Duration.ofSeconds(5)).until(() -> serial.activeKeys() == 0);
    }

    @Test
    void order_holds_for_each_of_several_producer_threads() throws Exception {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        Executor key = serial.forKey("server");
        ExecutorService producers = Executors.newFixedThreadPool(4);
        for (int p = 0; p < 4; p++) {
            int producer = p;
            producers.execute(() -> {
                for (int i = 0; i < 500; i++) {
                    int n = producer * 1000 + i;
                    key.execute(() -> ran.add(n));
                }
            });
        }
        producers.shutdown();
        assertThat(producers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> ran.size() == 2000);
        for (int p = 0; p < 4; p++) {
            int producer = p;
            assertThat(ran.stream().filter(n -> n / 1000 == producer).toList()).isSorted().hasSize(500);
        }
    }

    @Test
    void a_blocked_key_does_not_hold_up_another_key() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch otherRan = new CountDownLatch(1);
        List<String> slowRan = new CopyOnWriteArrayList<>();
        serial.execute("slow", () -> awaitQuietly(release));
        serial.execute("slow", () -> slowRan.add("second"));

        serial.execute("fast", otherRan::countDown);

        assertThat(otherRan.await(5, TimeUnit.SECONDS)).as("the other key ran while the first was blocked").isTrue();
        assertThat(slowRan).as("the blocked key's next task waits its turn").isEmpty();
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> slowRan.size() == 1);
    }

    @Test
    void a_failing_task_does_not_stop_the_next_ones() {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        serial.execute("k", () -> ran.add(1));
        serial.execute("k", () -> {
            throw new IllegalStateException("observer failed");
        });
        serial.execute("k", () -> ran.add(3));

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 2);
        assertThat(ran).containsExactly(1, 3);
    }

    @Test
    void an_error_in_a_task_still_lets_the_key_go_on() {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        serial.execute("k", () -> {
            throw new AssertionError("an Error, not an exception");
        });
        serial.execute("k", () -> ran.add(2));

        // the Error reaches the pool thread's uncaught-exception handler, as it should
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 1);
    }

    @Test
    void nothing_runs_on_the_submitting_thread() {
        Thread caller = Thread.currentThread();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 100; i++) {
            serial.execute(i % 3, () -> threads.add(Thread.currentThread()));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> threads.size() == 100);
        assertThat(threads).doesNotContain(caller);
    }

    @Test
    void a_task_may_queue_another_of_its_own_key_without_waiting_for_it() {
        List<String> ran = new CopyOnWriteArrayList<>();
        Executor key = serial.forKey("k");
        key.execute(() -> {
            key.execute(() -> ran.add("follow-up"));
            ran.add("first");
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 2);
        assertThat(ran).containsExactly("first", "follow-up");
    }

    @Test
    void a_pool_that_is_shutting_down_refuses_and_the_key_starts_afresh_later() {
        AtomicInteger refusals = new AtomicInteger(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        SerialExecutors flaky = new SerialExecutors(task -> {
            if (refusals.getAndDecrement() > 0) {
                throw new RejectedExecutionException("shutting down");
            }
            pool.execute(task);
        });

        assertThatThrownBy(() -> flaky.execute("k", () -> ran.add("lost"))).isInstanceOf(RejectedExecutionException.class);
        assertThat(flaky.activeKeys()).isZero();
        flaky.execute("k", () -> ran.add("later"));

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 1);
        assertThat(ran).containsExactly("later");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
