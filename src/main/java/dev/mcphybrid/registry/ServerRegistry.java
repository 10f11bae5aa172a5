package dev.mcphybrid.registry;

import dev.mcphybrid.common.OrderedEvents;
import dev.mcphybrid.security.SecretMask;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * All downstream servers the gateway knows, keyed by id: those of the catalogue file ({@link CatalogueSync}) and
 * those registered at run time ({@link ServerRegistration}, {@link RegistrationSync}). What happens to a server is
 * announced as asynchronous CDI events; {@link ServerConnector} keeps the sessions.
 */
@ApplicationScoped
public class ServerRegistry {

    private static final Logger LOG = Logger.getLogger(ServerRegistry.class.getName());

    @Inject
    SecretMask secretMask;

    @Inject
    Event<ServerStateChanged> stateChanges;

    @Inject
    Event<ToolsChanged> toolChanges;

    @Inject
    Event<ServerRemoved> removals;

    @Inject
    OrderedEvents ordered;

    @Inject
    ServerConnector connector;

    private final ConcurrentSkipListMap<String, ManagedServer> servers = new ConcurrentSkipListMap<>();

    /** Adds (or replaces, closing the old session) a server; it is not connected yet. */
    public ManagedServer add(ServerDefinition definition) {
        secretMask.register(definition.secrets());
        CdiServerEvents events = new CdiServerEvents();
        ManagedServer server = new ManagedServer(definition, events);
        events.server = server;
        ManagedServer replaced = servers.put(definition.id(), server);
        if (replaced != null) {
            secretMask.unregister(replaced.definition().secrets());
            replaced.disconnect(); // out of the map, its session (and process) would never be closed
        }
        return server;
    }

    /** Forgets a server and closes its session. */
    void remove(ManagedServer server) {
        boolean removed = servers.remove(server.id(), server);
        if (removed) {
            secretMask.unregister(server.definition().secrets());
        }
        server.disconnect();
        if (removed) {
            removals.fireAsync(new ServerRemoved(server.id()), ordered.by(server.id()));
        }
    }

    public Collection<ManagedServer> all() {
        return servers.values();
    }

    public Optional<ManagedServer> find(String id) {
        return Optional.ofNullable(id).map(servers::get);
    }

    public boolean contains(String id) {
        return servers.containsKey(id);
    }

    /** Ends every session, which also stops every stdio server process the gateway started. */
    @PreDestroy
    void closeAll() {
        LOG.info(() -> "Closing " + servers.size() + " downstream sessions");
        servers.values().forEach(server -> {
            try {
                server.disconnect();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not close " + server.id() + " cleanly", e);
            }
        });
    }

    /**
     * Server happenings as asynchronous CDI events, so no observer can slow a session down, observed in the order
     * they happened to each server.
     */
    private final class CdiServerEvents implements ServerEvents {
        /** Set right after the server is made with these events. */
        private ManagedServer server;

        @Override
        public void stateChanged(ServerStateChanged change) {
            stateChanges.fireAsync(change, ordered.by(change.serverId()));
        }

        @Override
        public void toolsChanged(ToolsChanged change) {
            toolChanges.fireAsync(change, ordered.by(change.serverId()));
        }

        @Override
        public void reconnectDue(Duration wait) {
            if (connector != null) {
                connector.reconnectAfter(server, wait);
            }
        }
    }
}
