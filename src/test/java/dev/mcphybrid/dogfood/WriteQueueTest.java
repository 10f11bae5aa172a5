package dev.mcphybrid.dogfood;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The single background worker behind a bounded queue. */
class WriteQueueTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void one_worker_at_a_time_takes_everything_in_order_in_bounded_batches() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Integer> written = new CopyOnWriteArrayList<>();
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        WriteQueue<Integer> queue = new WriteQueue<>(10_000, 7, pool, batch -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleep(1);
            written.addAll(batch);
            batchSizes.add(batch.size());
            running.decrementAndGet();
        });

        ExecutorService producers = Executors.newFixedThreadPool(4);
        for (int p = 0; p < 4; p++) {
            int producer = p;
            producers.execute(() -> {
                for (int i = 0; i < 250; i++) {
                    assertThat(queue.offer(producer * 1000 + i)).isTrue();
                }
            });
        }
        producers.shutdown();
        assertThat(producers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 1000);
        assertThat(mostAtOnce.get()).isEqualTo(1);
        assertThat(batchSizes).allSatisfy(size -> assertThat(size).isBetween(1, 7));
        for (int p = 0; p < 4; p++) {
            int producer = p;
            assertThat(written.stream().filter(n -> n / 1000 == producer).toList()).isSorted().hasSize(250);
        }
        assertThat(queue.size()).isZero();
    }

    @Test
    void a_hung_worker_blocks_nobody_who_offers_and_a_full_queue_refuses() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> written = new CopyOnWriteArrayList<>();
        WriteQueue<Integer> queue = new WriteQueue<>(5, 1, pool, batch -> {
            awaitRelease(release);
            written.addAll(batch);
        });

        assertThat(queue.offer(0)).isTrue(); // taken by the worker, which now hangs
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.size() == 0);
        long started = System.nanoTime();
        List<Boolean> accepted = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            accepted.add(queue.offer(i));
        }
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms to offer while the worker hangs").isLessThan(100);
        assertThat(accepted).containsExactly(true, true, true, true, true, false, false, false);
        assertThat(queue.size()).isEqualTo(5);

        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 6);
        assertThat(written).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void a_worker_failure_does_not_stop_the_queue() {
        List<Integer> written = new CopyOnWriteArrayList<>();
        WriteQueue<Integer> queue = new WriteQueue<>(10, 1, Runnable::run, batch -> {
            if (batch.get(0) == 1) {
                throw new IllegalStateException("boom");
            }
            written.addAll(batch);
        });
        queue.offer(1);
        queue.offer(2);
        assertThat(written).containsExactly(2);
    }

    @Test
    void an_executor_that_refuses_leaves_the_items_for_the_next_offer() {
        List<Integer> written = new ArrayList<>();
        boolean[] refuse = {true};
        WriteQueue<Integer> queue = new WriteQueue<>(10, 10, task -> {
            if (refuse[0]) {
                throw new RejectedExecutionException("stopping");
            }
            task.run();
        }, written::addAll);
        assertThat(queue.offer(1)).isTrue();
        assertThat(written).isEmpty();
        refuse[0] = false;
        queue.offer(2);
        assertThat(written).containsExactly(1, 2);
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
