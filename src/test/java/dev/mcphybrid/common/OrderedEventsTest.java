package dev.mcphybrid.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Asynchronous events in order per key, on threads of the application's thread factory. */
class OrderedEventsTest {

    private final List<Thread> made = new CopyOnWriteArrayList<>();
    private final OrderedEvents ordered = new OrderedEvents();

    OrderedEventsTest() {
        ordered.threads = (ManagedThreadFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ManagedThreadFactory.class}, (proxy, method, args) -> {
                    Thread thread = new Thread((Runnable) args[0], "managed-" + made.size());
                    made.add(thread);
                    return thread;
                });
        ordered.init();
    }

    @AfterEach
    void stop() {
        ordered.stop();
    }

    @Test
    void the_tasks_of_a_key_run_in_order_on_the_factory_s_threads_never_the_firing_one() {
        List<Integer> a = new CopyOnWriteArrayList<>();
        List<Integer> b = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        Executor first = ordered.by("a").getExecutor();
        Executor second = ordered.by("b").getExecutor();
        IntStream.range(0, 500).forEach(i -> {
            first.execute(() -> {
                a.add(i);
                threads.add(Thread.currentThread().getName());
            });
            second.execute(() -> b.add(i));
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> a.size() == 500 && b.size() == 500);
        assertThat(a).isSorted();
        assertThat(b).isSorted();
        assertThat(threads).allSatisfy(name -> assertThat(name).startsWith("managed-"));
        assertThat(made).hasSizeLessThanOrEqualTo(OrderedEvents.THREADS);
    }

    @Test
    void once_stopped_it_takes_no_more_events_and_its_threads_end() {
        ordered.by("a").getExecutor().execute(() -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> !made.isEmpty());
        ordered.stop();

        assertThatThrownBy(() -> ordered.by("b").getExecutor().execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> made.stream().noneMatch(Thread::isAlive));
    }
}
