package dev.mcphybrid.events;

import java.util.Set;
import java.util.function.Predicate;

/**
 * What a client wants: event types and server ids (an empty set means all), and optionally a finer test on the
 * event itself (e.g. a minimum log level).
 */
public record Subscription(Set<EventType> types, Set<String> servers, Predicate<GatewayEvent> also) {

    public static final Subscription ALL = new Subscription(Set.of(), Set.of());

    public Subscription(Set<EventType> types, Set<String> servers) {
        this(types, servers, event -> true);
    }

    public boolean wants(GatewayEvent event) {
        return (types.isEmpty() || types.contains(event.type()))
                && (servers.isEmpty() || (event.serverId() != null && servers.contains(event.serverId())))
                && also.test(event);
    }
}
