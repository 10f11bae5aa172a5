package dev.mcphybrid.events;

import java.util.ArrayList;
import java.util.List;

/** The last {@code capacity} events, for Last-Event-ID replay. Not thread-safe: the bus guards it. */
final class EventHistory {

    private final GatewayEvent[] ring;
    private long appended;

    EventHistory(int capacity) {
        this.ring = new GatewayEvent[capacity];
    }

    void append(GatewayEvent event) {
        ring[(int) (appended++ % ring.length)] = event;
    }

    /** Events with an id greater than {@code lastId}, oldest first; as many as are still kept. */
    List<GatewayEvent> after(long lastId) {
        List<GatewayEvent> out = new ArrayList<>();
        long first = Math.max(0, appended - ring.length);
        for (long i = first; i < appended; i++) {
            GatewayEvent event = ring[(int) (i % ring.length)];
            if (event.id() > lastId) {
                out.add(event);
            }
        }
        return out;
    }
}
