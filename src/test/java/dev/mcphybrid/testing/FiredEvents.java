package dev.mcphybrid.testing;

import dev.mcphybrid.common.OrderedEvents;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * CDI stand-ins for unit tests of beans that fire events: an {@link Event} that records what was fired and the key
 * it was ordered by, and an {@link OrderedEvents} whose options carry that key. Delivery is immediate.
 *
 * @param <T> the event type
 */
public final class FiredEvents<T> {

    /** One event as fired, with the ordering key it was fired under (null when fired without one). */
    public record Fired<T>(T event, Object orderedBy) {
    }

    private static final String ORDERED_BY = "orderedBy";

    private final List<Fired<T>> fired = new CopyOnWriteArrayList<>();

    /** Everything fired so far, in order. */
    public List<Fired<T>> fired() {
        return fired;
    }

    public List<T> events() {
        return fired.stream().map(Fired::event).toList();
    }

    public void clear() {
        fired.clear();
    }

    /** The {@code Event<T>} to inject where the bean under test fires its events. */
    @SuppressWarnings("unchecked")
    public Event<T> event() {
        return (Event<T>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Event.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "fire" -> {
                        fired.add(new Fired<>((T) args[0], null));
                        yield null;
                    }
                    case "fireAsync" -> {
                        Object key = args.length > 1 ? ((NotificationOptions) args[1]).get(ORDERED_BY) : null;
                        fired.add(new Fired<>((T) args[0], key));
                        yield CompletableFuture.completedFuture(args[0]);
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Options that name the ordering key, so tests can check which key events were fired under. */
    public static OrderedEvents ordering() {
        return new OrderedEvents() {
            @Override
            public NotificationOptions by(Object key) {
                return NotificationOptions.of(ORDERED_BY, key);
            }
        };
    }
}
