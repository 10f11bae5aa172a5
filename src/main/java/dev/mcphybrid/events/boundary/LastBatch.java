package dev.mcphybrid.events.boundary;

import dev.mcphybrid.events.GatewayEvent;
import java.util.List;
import java.util.function.Function;

/**
 * The last batch a delivery thread encoded, and its encoding. In one pass a thread sends the same batch to every
 * client with the same filter, so it encodes it once rather than once per client.
 */
final class LastBatch<T> {

    private record Encoded<T>(List<GatewayEvent> events, T encoding) {
    }

    private final ThreadLocal<Encoded<T>> last = new ThreadLocal<>();
    private final Function<List<GatewayEvent>, T> encoder;

    LastBatch(Function<List<GatewayEvent>, T> encoder) {
        this.encoder = encoder;
    }

    T encode(List<GatewayEvent> events) {
        Encoded<T> previous = last.get();
        if (previous != null && sameEvents(previous.events(), events)) {
            return previous.encoding();
        }
        T encoding = encoder.apply(events);
        last.set(new Encoded<>(events, encoding));
        return encoding;
    }

    /** The same envelope objects in the same order: cheaper than equals, and what the bus hands out. */
    private static boolean sameEvents(List<GatewayEvent> a, List<GatewayEvent> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }
}
