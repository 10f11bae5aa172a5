package dev.mcphybrid.registry;

import dev.mcphybrid.cluster.ConfigChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Keeps the registry's runtime registrations in line with the database: read at start-up, and again when another
 * instance of the cluster announces that it registered or unregistered a server.
 */
@ApplicationScoped
public class RegistrationSync {

    private static final Logger LOG = Logger.getLogger(RegistrationSync.class.getName());

    @Inject
    ServerRegistry registry;

    @Inject
    ServerConnector connector;

    @Inject
    RegistrationStore store;

    private volatile boolean started;

    void started() {
        started = true;
    }

    /** The stored registrations; empty when the database cannot be read (logged), which is not "none are stored". */
    Optional<List<ServerDefinition>> tryReadRegistrations() {
        try {
            ServerDefinitionReader reader = ServerDefinitionReader.withoutPlaceholders();
            return Optional.of(store.all().stream().map(row -> {
                List<String> errors = new ArrayList<>();
                ServerDefinition definition = reader.read(JsonMaps.parseObject(row.definition()), "registered server " + row.id(),
                        ServerDefinition.Origin.RUNTIME, errors);
                if (definition == null) {
                    LOG.severe(() -> "Registered server " + row.id() + " is no longer valid and stays offline: " + errors);
                }
                return definition;
            }).filter(Objects::nonNull).toList());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Cannot read registered servers from the database; the registered servers stay as they are", e);
            return Optional.empty();
        }
    }

    /**
     * Brings the runtime registrations in line with the database after another instance of the cluster registered
     * or unregistered a server: connects new ones, drops removed ones, reconnects changed ones. Catalogue servers
     * are not touched, and a registration shadowed by a catalogue entry stays offline as at start-up.
     */
    void registrationsChanged(@ObservesAsync ConfigChanged change) {
        if (change.what() != ConfigChanged.What.REGISTRATIONS || !started) {
            return;
        }
        synchronized (this) {
            Optional<List<ServerDefinition>> stored = tryReadRegistrations();
            if (stored.isEmpty()) {
                return; // a database that does not answer now must not unregister anything here
            }
            Map<String, ServerDefinition> wanted = stored.get().stream()
                    .collect(Collectors.toMap(ServerDefinition::id, Function.identity()));
            for (ManagedServer server : registry.all()) {
                if (server.definition().origin() == ServerDefinition.Origin.RUNTIME && !wanted.containsKey(server.id())) {
                    LOG.info(() -> "Registration " + server.id() + " was removed on " + change.byInstance() + "; removing it here");
                    registry.remove(server);
                }
            }
            wanted.values().forEach(definition -> {
                ManagedServer current = registry.find(definition.id()).orElse(null);
                if (current == null) {
                    LOG.info(() -> "Server " + definition.id() + " was registered on " + change.byInstance() + "; connecting");
                    connector.connectIfEnabled(registry.add(definition));
                } else if (current.definition().origin() == ServerDefinition.Origin.RUNTIME && !current.definition().equals(definition)) {
                    LOG.info(() -> "Registration " + definition.id() + " changed on " + change.byInstance() + "; reconnecting");
                    registry.remove(current);
                    connector.connectIfEnabled(registry.add(definition));
                }
            });
        }
    }
}
