package dev.mcphybrid.events;

import java.util.function.Predicate;

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

    /** The id of the oldest event still kept; 0 while nothing was appended. */
    long oldestId() {
        return appended == 0 ? 0 : at(firstKept()).id();
    }

    /** The id of the newest event; 0 while nothing was appended. */
    long newestId() {
        return appended == 0 ? 0 : at(appended - 1).id();
    }

    /** Shows {@code visitor} the kept events with an id greater than {@code lastId}, oldest first, until it returns false. */
    void forEachAfter(long lastId, Predicate<GatewayEvent> visitor) {
        for (long i = firstAfter(lastId); i < appended; i++) {
            if (!visitor.test(at(i))) {
                return;
            }
        }
    }

    /** Ids grow with every append, so the first kept event after {@code lastId} is found by halving. */
    private long firstAfter(long lastId) {
        long low = firstKept();
        long high = appended;
        while (low < high) {
            long middle = (low + high) >>> 1;
            if (at(middle).id() <= lastId) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private long firstKept() {
        return Math.max(0, appended - ring.length);
    }

    private GatewayEvent at(long index) {
        return ring[(int) (index % ring.length)];
    }
}
