package dev.mcphybrid.upstream;

import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.registry.ResourceUpdated;
import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.registry.ServerState;
import dev.mcphybrid.registry.ServerStateChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Clients' {@code resources/subscribe} to the gateway's resource URIs, kept as one downstream subscription per
 * server and URI however many clients subscribed: the first subscriber subscribes at the server, the last one to
 * leave (or whose session ends) unsubscribes there, and the server's {@code notifications/resources/updated} reach
 * every subscribed session under the gateway's URI. A server that reconnects is subscribed again.
 */
@ApplicationScoped
public class ResourceSubscriptions {

    private static final Logger LOG = Logger.getLogger(ResourceSubscriptions.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    ServerRegistry registry;

    /** Downstream (server, URI) → the sessions subscribed to it, each with where its notifications go. */
    private final Map<Downstream, Map<String, Consumer<String>>> subscribers = new ConcurrentHashMap<>();

    /**
     * @param session  the subscribing session (unique across the gateway's endpoints)
     * @param notify   sends {@code notifications/resources/updated} for a gateway URI to that session
     * @throws dev.mcphybrid.mcp.McpCallException when the server refuses the subscription
     */
    void subscribe(String session, ManagedServer server, String uri, Consumer<String> notify) {
        Downstream key = new Downstream(server.id(), uri);
        boolean first;
        synchronized (this) {
            Map<String, Consumer<String>> sessions = subscribers.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
            first = sessions.isEmpty();
            sessions.put(session, notify);
        }
        if (first) {
            try {
                server.subscribe(uri, TIMEOUT);
            } catch (RuntimeException e) {
                forget(session, key); // the server holds no subscription to end
                throw e;
            }
        }
    }

    void unsubscribe(String session, String serverId, String uri) {
        if (forget(session, new Downstream(serverId, uri))) {
            registry.find(serverId).ifPresent(server -> quietly(() -> server.unsubscribe(uri, TIMEOUT), "unsubscribe " + serverId + " " + uri));
        }
    }

    /** @return whether that session was the last one subscribed */
    private synchronized boolean forget(String session, Downstream key) {
        Map<String, Consumer<String>> sessions = subscribers.get(key);
        if (sessions == null || sessions.remove(session) == null) {
            return false;
        }
        if (sessions.isEmpty()) {
            subscribers.remove(key);
            return true;
        }
        return false;
    }

    /** A session ended: its subscriptions go with it. */
    void ended(String session) {
        for (Downstream key : Set.copyOf(subscribers.keySet())) {
            unsubscribe(session, key.serverId(), key.uri());
        }
    }

    int size() {
        return subscribers.size();
    }

    void updated(@ObservesAsync ResourceUpdated update) {
        Map<String, Consumer<String>> sessions = subscribers.get(new Downstream(update.serverId(), update.uri()));
        if (sessions != null) {
            String exposed = ExposedNames.resource(update.serverId(), update.uri());
            sessions.values().forEach(notify -> notify.accept(exposed));
        }
    }

    /** A server's new session knows nothing of the old one's subscriptions. */
    void reconnected(@ObservesAsync ServerStateChanged change) {
        // a new session begins CONNECTING and becomes HEALTHY; DEGRADED <-> HEALTHY is the same session
        if (change.previous() != ServerState.CONNECTING || change.current() != ServerState.HEALTHY) {
            return;
        }
        registry.find(change.serverId()).ifPresent(server -> subscribers.keySet().stream()
                .filter(key -> key.serverId().equals(server.id()))
                .forEach(key -> quietly(() -> server.subscribe(key.uri(), TIMEOUT), "subscribe again to " + key)));
    }

    private static void quietly(Runnable action, String what) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.fine(() -> "Could not " + what + ": " + e.getMessage());
        }
    }

    private record Downstream(String serverId, String uri) {
    }
}
