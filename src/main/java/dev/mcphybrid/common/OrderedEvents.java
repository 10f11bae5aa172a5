package dev.mcphybrid.common;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.NotificationOptions;

/**
 * Keeps asynchronous CDI events in order: events fired with the same key reach the {@code @ObservesAsync} observers
 * in the order they were fired, as in {@code event.fireAsync(change, ordered.by(serverId))}. Weld notifies all async
 * observers of one event in a single task on the executor it is given, so serializing those tasks per key orders
 * whole events. Firing still only queues; a slow observer holds up later events of its key, no other key.
 */
@ApplicationScoped
public class OrderedEvents {

    /** The executor Liberty's Weld uses for events fired without one, so observers keep the application's context. */
    @Resource
    ManagedExecutorService executor;

    private SerialExecutors serial;

    @PostConstruct
    void init() {
        serial = new SerialExecutors(executor);
    }

    /** Delivery after every event fired earlier with an equal key, and never alongside one. */
    public NotificationOptions by(Object key) {
        return NotificationOptions.ofExecutor(serial.forKey(key));
    }
}
