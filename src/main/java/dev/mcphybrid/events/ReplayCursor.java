package dev.mcphybrid.events;

import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * How far a reconnected client's replay of the history has got, and how far behind it falls meanwhile. Only the
 * client's delivery thread moves it (holding the bus's lock while it reads the history).
 */
final class ReplayCursor {

    /** Every event up to this id was queued or passed over: each later one the client wants is still to come. */
    private long position;
    /** Wanted events published during the replay, less the events sent since: the queue it would have if it were live. */
    private int lag;

    ReplayCursor(long lastEventId) {
        this.position = lastEventId;
    }

    /** Moves past ids the history no longer holds; returns them, or null when it still holds the next one. */
    LostEvents skipLost(EventHistory history) {
        long oldest = history.oldestId();
        if (oldest <= position + 1) {
            return null;
        }
        LostEvents lost = new LostEvents(position + 1, oldest - 1);
        position = oldest - 1;
        return lost;
    }

    /**
     * Hands {@code queue} the next events that {@code wanted} accepts, at most {@code room}, and moves past the
     * others; stops before the first wanted event that does not fit.
     */
    void advance(EventHistory history, Predicate<GatewayEvent> wanted, int room, Consumer<GatewayEvent> queue) {
        int[] left = {room};
        history.forEachAfter(position, event -> {
            if (wanted.test(event)) {
                if (left[0] == 0) {
                    return false;
                }
                left[0]--;
                queue.accept(event);
            }
            position = event.id();
            return true;
        });
    }

    boolean caughtUp(EventHistory history) {
        return position >= history.newestId();
    }

    /** A wanted event was published; false once such events outrun what was sent by more than {@code capacity}. */
    boolean published(int capacity) {
        return ++lag <= capacity;
    }

    void sent(int events) {
        lag = Math.max(0, lag - events);
    }
}
