package dev.mcphybrid.common;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.NotificationOptions;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps asynchronous CDI events in order: events fired with the same key reach the {@code @ObservesAsync} observers
 * in the order they were fired, as in {@code event.fireAsync(change, ordered.by(serverId))}. Weld notifies all async
 * observers of one event in a single task on the executor it is given, so serializing those tasks per key orders
 * whole events. Firing still only queues; a slow observer holds up later events of its key, no other key.
 */
@ApplicationScoped
public class OrderedEvents {

    /** Threads at most; idle ones end after a minute. Observers only count, publish and queue, so few are needed. */
    static final int THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    /**
     * Threads made with the application's context once, when they start: a managed executor service captures and
     * restores that context around every task, which on a tool call (one event) cost more than its observers' work.
     */
    @Resource
    ManagedThreadFactory threads;

    private ThreadPoolExecutor pool;
    private SerialExecutors serial;

    @PostConstruct
    void init() {
        pool = new ThreadPoolExecutor(THREADS, THREADS, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), threads);
        pool.allowCoreThreadTimeOut(true);
        serial = new SerialExecutors(pool);
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }

    /** Delivery after every event fired earlier with an equal key, and never alongside one. */
    public NotificationOptions by(Object key) {
        return NotificationOptions.ofExecutor(serial.forKey(key));
    }
}
