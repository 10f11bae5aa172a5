package dev.mcphybrid.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the registry's catalogue servers in line with the catalogue file ({@code gateway.catalogue.path}): read at
 * start-up and again by discovery, which connects new entries, drops removed ones and reconnects changed ones.
 * Runtime registrations are not touched.
 */
@ApplicationScoped
public class CatalogueSync {

    private static final Logger LOG = Logger.getLogger(CatalogueSync.class.getName());

    @Inject
    ServerRegistry registry;

    @Inject
    ServerConnector connector;

    @Inject
    Config config;

    @Inject
    @ConfigProperty(name = "gateway.catalogue.path")
    String cataloguePath;

    private volatile CatalogueStatus catalogue;
    /** Start-up has loaded the catalogue and the registrations; discovery waits for that. */
    private volatile boolean started;

    /** What the latest read of the file found; null before the first. */
    public CatalogueStatus catalogue() {
        return catalogue;
    }

    void started() {
        started = true;
    }

    /** Reads the catalogue file; empty when it cannot be used (the reason is in {@link #catalogue()}). */
    Optional<List<ServerDefinition>> readCatalogue() {
        Path path = Path.of(cataloguePath);
        try {
            List<ServerDefinition> definitions = new CatalogueParser(this::lookup).parse(Files.readString(path), path.toString());
            catalogue = new CatalogueStatus(path.toString(), true, definitions.size(), List.of(), Instant.now());
            return Optional.of(definitions);
        } catch (IOException e) {
            catalogue = new CatalogueStatus(path.toString(), false, 0, List.of("cannot read file: " + e), Instant.now());
        } catch (CatalogueException e) {
            catalogue = new CatalogueStatus(path.toString(), false, 0, e.errors(), Instant.now());
        }
        LOG.severe(() -> "Catalogue " + path + " not usable, servers stay as they are: " + String.join("; ", catalogue.errors()));
        return Optional.empty();
    }

    /**
     * Brings the catalogue servers in line with the file: connects new entries, drops removed ones, and
     * reconnects entries whose definition changed. Runtime registrations are not touched.
     */
    public void synchronizeCatalogue() {
        if (!started) {
            return; // the discovery timer can fire before start-up has run, which would add every server twice
        }
        Optional<List<ServerDefinition>> read = readCatalogue();
        if (read.isEmpty()) {
            return;
        }
        Map<String, ServerDefinition> wanted = read.get().stream().collect(Collectors.toMap(ServerDefinition::id, Function.identity()));
        for (ManagedServer server : registry.all()) {
            if (server.definition().origin() == ServerDefinition.Origin.CATALOGUE && !wanted.containsKey(server.id())) {
                LOG.info(() -> "Catalogue no longer lists " + server.id() + "; removing it");
                registry.remove(server);
            }
        }
        wanted.values().forEach(definition -> {
            ManagedServer current = registry.find(definition.id()).orElse(null);
            if (current == null) {
                LOG.info(() -> "Catalogue lists a new server " + definition.id() + "; connecting");
                connector.connectIfEnabled(registry.add(definition));
            } else if (current.definition().origin() == ServerDefinition.Origin.RUNTIME) {
                LOG.warning(() -> "Catalogue entry " + definition.id() + " ignored: a registered server has that id");
            } else if (!current.definition().equals(definition)) {
                LOG.info(() -> "Catalogue entry " + definition.id() + " changed; reconnecting");
                registry.remove(current);
                connector.connectIfEnabled(registry.add(definition));
            }
        });
    }

    /**
     * Catalogue placeholders: {@code file:/path} reads a file (trailing newline dropped), otherwise the environment
     * first, then MP Config (e.g. {@code ${gateway.data.dir}}, or Liberty variables such as files in its variables
     * directory).
     */
    String lookup(String name) {
        if (name.startsWith("file:")) {
            try {
                return Files.readString(Path.of(name.substring(5))).stripTrailing();
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        String value = System.getenv(name);
        return value != null ? value : config.getOptionalValue(name, String.class).orElse(null);
    }
}
