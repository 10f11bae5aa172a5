package dev.mcphybrid.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A background task whose requests made during a run are served by one more run. */
class CoalescedTaskTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void requests_during_a_run_are_served_by_exactly_one_more_run() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CoalescedTask task = new CoalescedTask("test", pool, () -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            if (runs.incrementAndGet() == 1) {
                firstStarted.countDown();
                awaitQuietly(release);
            }
            running.decrementAndGet();
        });

        task.request();
        assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 50; i++) {
            task.request();
        }
        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 2);
        Thread.sleep(100);
        assertThat(runs).as("fifty requests during the first run, one more run").hasValue(2);
        assertThat(overlaps).hasValue(0);

        task.request();
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 3);
    }

    @Test
    void the_requester_never_runs_the_task_itself() {
        Thread caller = Thread.currentThread();
        AtomicInteger onCaller = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        CoalescedTask task = new CoalescedTask("test", pool, () -> {
            if (Thread.currentThread() == caller) {
                onCaller.incrementAndGet();
            }
            runs.incrementAndGet();
        });

        task.request();

        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
        assertThat(onCaller).hasValue(0);
    }

    @Test
    void a_failing_run_does_not_stop_later_requests() {
        AtomicInteger runs = new AtomicInteger();
        CoalescedTask task = new CoalescedTask("test", pool, () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("sync failed");
            }
        });

        task.request();
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            task.request();
            return runs.get() >= 2;
        });
    }

    @Test
    void a_refusing_pool_leaves_the_task_ready_for_the_next_request() {
        AtomicInteger refusals = new AtomicInteger(1);
        AtomicInteger runs = new AtomicInteger();
        CoalescedTask task = new CoalescedTask("test", command -> {
            if (refusals.getAndDecrement() > 0) {
                throw new RejectedExecutionException("shutting down");
            }
            pool.execute(command);
        }, runs::incrementAndGet);

        task.request();
        task.request();

        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
