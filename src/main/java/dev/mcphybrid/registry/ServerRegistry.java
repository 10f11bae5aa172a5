package dev.mcphybrid.registry;

import dev.mcphybrid.mcp.McpCallException;
import dev.mcphybrid.mcp.McpConnectionFactory;
import dev.mcphybrid.mcp.McpSessionListener;
import dev.mcphybrid.mcp.ToolInfo;
import dev.mcphybrid.persistence.DatabaseMigration;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * All downstream servers the gateway knows, keyed by id. Loads the catalogue at start-up and connects every
 * enabled server concurrently, so one slow server does not hold up the others.
 */
@ApplicationScoped
public class ServerRegistry {

    private static final Logger LOG = Logger.getLogger(ServerRegistry.class.getName());

    @Inject
    McpConnectionFactory connectionFactory;

    @Inject
    Event<ServerStateChanged> stateChanges;

    @Inject
    Config config;

    @Resource
    ManagedExecutorService executor;

    @Inject
    @ConfigProperty(name = "gateway.catalogue.path")
    String cataloguePath;

    @Inject
    @ConfigProperty(name = "gateway.mcp.connect-timeout-ms", defaultValue = "20000")
    long connectTimeoutMs;

    @Inject
    @ConfigProperty(name = "gateway.mcp.request-timeout-ms", defaultValue = "30000")
    long requestTimeoutMs;

    private final ConcurrentSkipListMap<String, ManagedServer> servers = new ConcurrentSkipListMap<>();
    private volatile CatalogueStatus catalogue;

    void onStartup(@Observes @Priority(DatabaseMigration.STARTUP_PRIORITY + 10) Startup startup) {
        catalogue = CatalogueStatus.notLoaded(cataloguePath);
        createDataDirectory();
        loadCatalogue().forEach(this::add);
        servers.values().stream().filter(s -> s.definition().enabled()).forEach(this::connectAsync);
    }

    /** Reads the catalogue file; a broken file is reported and leaves the registry as it was. */
    List<ServerDefinition> loadCatalogue() {
        Path path = Path.of(cataloguePath);
        try {
            String yaml = Files.readString(path);
            List<ServerDefinition> definitions = new CatalogueParser(this::lookup).parse(yaml, path.toString());
            catalogue = new CatalogueStatus(path.toString(), true, definitions.size(), List.of(), Instant.now());
            LOG.info(() -> "Catalogue " + path + ": " + definitions.size() + " servers ("
                    + definitions.stream().map(d -> d.id() + " via " + d.transport().wireName()).toList() + ")");
            return definitions;
        } catch (IOException e) {
            catalogue = new CatalogueStatus(path.toString(), false, 0, List.of("cannot read file: " + e), Instant.now());
        } catch (CatalogueException e) {
            catalogue = new CatalogueStatus(path.toString(), false, 0, e.errors(), Instant.now());
        }
        LOG.severe(() -> "Catalogue " + path + " not usable: " + String.join("; ", catalogue.errors()));
        return List.of();
    }

    /** Stdio servers started by the gateway (e.g. the memory server) keep their files here. */
    private void createDataDirectory() {
        config.getOptionalValue("gateway.data.dir", String.class).ifPresent(dir -> {
            try {
                Files.createDirectories(Path.of(dir));
            } catch (IOException e) {
                LOG.warning(() -> "Cannot create data directory " + dir + ": " + e.getMessage());
            }
        });
    }

    /** Catalogue placeholders: the environment first, then MP Config (e.g. {@code ${gateway.data.dir}}). */
    private String lookup(String name) {
        String value = System.getenv(name);
        return value != null ? value : config.getOptionalValue(name, String.class).orElse(null);
    }

    private void add(ServerDefinition definition) {
        servers.put(definition.id(), new ManagedServer(definition, change -> stateChanges.fireAsync(change)));
    }

    public CatalogueStatus catalogue() {
        return catalogue;
    }

    public Collection<ManagedServer> all() {
        return servers.values();
    }

    public Optional<ManagedServer> find(String id) {
        return Optional.ofNullable(id).map(servers::get);
    }

    /** Connects (or reconnects) in the background; the future completes with the resulting status. */
    public CompletableFuture<ServerStatus> connectAsync(ManagedServer server) {
        return CompletableFuture.supplyAsync(() -> connect(server), executor);
    }

    /** Connects (or reconnects) and waits; failures are recorded on the server and returned in its status. */
    public ServerStatus connect(ManagedServer server) {
        ServerDefinition definition = server.definition();
        try {
            server.connect(() -> connectionFactory.open(definition, new Listener(server)), Duration.ofMillis(connectTimeoutMs));
            ServerStatus status = server.status();
            LOG.info(() -> "Connected " + definition.id() + " (" + definition.transport().wireName() + " " + definition.target()
                    + "): " + status.serverName() + " " + status.serverVersion() + ", protocol " + status.protocolVersion()
                    + ", " + status.toolCount() + " tools, " + status.resourceCount() + " resources, "
                    + status.promptCount() + " prompts");
        } catch (McpCallException e) {
            LOG.warning(() -> "Could not connect " + definition.id() + " (" + definition.transport().wireName() + " "
                    + definition.target() + "): " + e.getMessage());
        }
        return server.status();
    }

    public void disconnect(ManagedServer server) {
        server.disconnect();
        LOG.info(() -> "Disconnected " + server.id());
    }

    Duration requestTimeout() {
        return Duration.ofMillis(requestTimeoutMs);
    }

    /** Ends every session, which also stops every stdio server process the gateway started. */
    @PreDestroy
    void closeAll() {
        LOG.info(() -> "Closing " + servers.size() + " downstream sessions");
        servers.values().forEach(server -> {
            try {
                server.disconnect();
            } catch (RuntimeException e) {
                LOG.log(java.util.logging.Level.WARNING, "Could not close " + server.id() + " cleanly", e);
            }
        });
    }

    /** Follows what a server announces on its own. */
    private final class Listener implements McpSessionListener {
        private final ManagedServer server;
        private final Logger serverLog;

        Listener(ManagedServer server) {
            this.server = server;
            this.serverLog = Logger.getLogger("dev.mcphybrid.downstream." + server.id());
        }

        @Override
        public void toolsChanged(List<ToolInfo> tools) {
            if (server.replaceTools(tools)) {
                LOG.info(() -> server.id() + " changed its tools: now " + tools.size());
            }
        }

        @Override
        public void logMessage(String level, String logger, String message) {
            serverLog.fine(() -> "[" + level + "] " + (logger == null ? "" : logger + ": ") + message);
        }

        @Override
        public void stderrLine(String line) {
            serverLog.fine(() -> "stderr: " + line);
        }
    }
}
