package dev.mcphybrid.registry;

import dev.mcphybrid.cluster.ConfigChanged;
import dev.mcphybrid.security.SecretMask;

import dev.mcphybrid.common.OrderedEvents;
import dev.mcphybrid.mcp.McpCallException;
import dev.mcphybrid.mcp.McpConnectionFactory;
import dev.mcphybrid.mcp.McpSessionListener;
import dev.mcphybrid.mcp.ToolInfo;
import dev.mcphybrid.persistence.DatabaseMigration;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * All downstream servers the gateway knows, keyed by id: those of the catalogue file and those registered at
 * run time. Connects every enabled server concurrently, so one slow server does not hold up the others, and
 * keeps the set in line with the catalogue file when discovery re-reads it.
 */
@ApplicationScoped
public class ServerRegistry {

    private static final Logger LOG = Logger.getLogger(ServerRegistry.class.getName());

    @Inject
    McpConnectionFactory connectionFactory;

    @Inject
    SecretMask secretMask;

    @Inject
    Event<ServerStateChanged> stateChanges;

    @Inject
    Event<ToolsChanged> toolChanges;

    @Inject
    Event<ServerRemoved> removals;

    @Inject
    Event<DownstreamLog> downstreamLogs;

    @Inject
    OrderedEvents ordered;

    @Inject
    RegistrationStore store;

    @Inject
    TargetPolicy targetPolicy;

    @Inject
    ReconnectBackOff backOff;

    @Inject
    Config config;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "gateway.catalogue.path")
    String cataloguePath;

    @Inject
    @ConfigProperty(name = "gateway.mcp.connect-timeout-ms")
    long connectTimeoutMs;

    @Inject
    @ConfigProperty(name = "gateway.mcp.request-timeout-ms")
    long requestTimeoutMs;

    @Inject
    @ConfigProperty(name = "gateway.health.probe-timeout-ms")
    long probeTimeoutMs;

    private final ConcurrentSkipListMap<String, ManagedServer> servers = new ConcurrentSkipListMap<>();
    /** Servers being pinged after a call went unanswered. */
    private final java.util.Set<String> probing = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile CatalogueStatus catalogue;
    /** Start-up has loaded the catalogue and the registrations; discovery waits for that. */
    private volatile boolean loaded;

    void onStartup(@Observes @Priority(DatabaseMigration.STARTUP_PRIORITY + 10) Startup startup) {
        catalogue = CatalogueStatus.notLoaded(cataloguePath);
        createDataDirectory();
        readCatalogue().ifPresent(definitions -> definitions.forEach(this::add));
        readRegistrations().forEach(definition -> {
            if (servers.containsKey(definition.id())) {
                LOG.warning(() -> "Registered server " + definition.id() + " is shadowed by the catalogue entry of the same id");
            } else {
                add(definition);
            }
        });
        loaded = true;
        servers.values().stream().filter(s -> s.definition().enabled()).forEach(this::connectAsync);
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

    private List<ServerDefinition> readRegistrations() {
        return tryReadRegistrations().orElse(List.of());
    }

    /** The stored registrations; empty when the database cannot be read (logged), which is not "none are stored". */
    private Optional<List<ServerDefinition>> tryReadRegistrations() {
        try {
            ServerDefinitionReader reader = ServerDefinitionReader.withoutPlaceholders();
            return Optional.of(store.all().stream().map(row -> {
                List<String> errors = new java.util.ArrayList<>();
                ServerDefinition definition = reader.read(JsonMaps.parseObject(row.definition()), "registered server " + row.id(),
                        ServerDefinition.Origin.RUNTIME, errors);
                if (definition == null) {
                    LOG.severe(() -> "Registered server " + row.id() + " is no longer valid and stays offline: " + errors);
                }
                return definition;
            }).filter(java.util.Objects::nonNull).toList());
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
        if (change.what() != ConfigChanged.What.REGISTRATIONS || !loaded) {
            return;
        }
        synchronized (this) {
            Optional<List<ServerDefinition>> stored = tryReadRegistrations();
            if (stored.isEmpty()) {
                return; // a database that does not answer now must not unregister anything here
            }
            Map<String, ServerDefinition> wanted = stored.get().stream()
                    .collect(Collectors.toMap(ServerDefinition::id, Function.identity()));
            for (ManagedServer server : servers.values()) {
                if (server.definition().origin() == ServerDefinition.Origin.RUNTIME && !wanted.containsKey(server.id())) {
                    LOG.info(() -> "Registration " + server.id() + " was removed on " + change.byInstance() + "; removing it here");
                    remove(server);
                }
            }
            wanted.values().forEach(definition -> {
                ManagedServer current = servers.get(definition.id());
                if (current == null) {
                    LOG.info(() -> "Server " + definition.id() + " was registered on " + change.byInstance() + "; connecting");
                    connectIfEnabled(add(definition));
                } else if (current.definition().origin() == ServerDefinition.Origin.RUNTIME && !current.definition().equals(definition)) {
                    LOG.info(() -> "Registration " + definition.id() + " changed on " + change.byInstance() + "; reconnecting");
                    remove(current);
                    connectIfEnabled(add(definition));
                }
            });
        }
    }

    /**
     * Brings the catalogue servers in line with the file: connects new entries, drops removed ones, and
     * reconnects entries whose definition changed. Runtime registrations are not touched.
     */
    public void synchronizeCatalogue() {
        if (!loaded) {
            return; // the discovery timer can fire before start-up has run, which would add every server twice
        }
        Optional<List<ServerDefinition>> read = readCatalogue();
        if (read.isEmpty()) {
            return;
        }
        Map<String, ServerDefinition> wanted = read.get().stream().collect(Collectors.toMap(ServerDefinition::id, Function.identity()));
        for (ManagedServer server : servers.values()) {
            if (server.definition().origin() == ServerDefinition.Origin.CATALOGUE && !wanted.containsKey(server.id())) {
                LOG.info(() -> "Catalogue no longer lists " + server.id() + "; removing it");
                remove(server);
            }
        }
        wanted.values().forEach(definition -> {
            ManagedServer current = servers.get(definition.id());
            if (current == null) {
                LOG.info(() -> "Catalogue lists a new server " + definition.id() + "; connecting");
                connectIfEnabled(add(definition));
            } else if (current.definition().origin() == ServerDefinition.Origin.RUNTIME) {
                LOG.warning(() -> "Catalogue entry " + definition.id() + " ignored: a registered server has that id");
            } else if (!current.definition().equals(definition)) {
                LOG.info(() -> "Catalogue entry " + definition.id() + " changed; reconnecting");
                remove(current);
                connectIfEnabled(add(definition));
            }
        });
    }

    /** Re-lists the tools of connected servers whose list is older than {@code maxAge}. */
    public void refreshToolsOlderThan(Duration maxAge) {
        Instant limit = Instant.now().minus(maxAge);
        servers.values().stream()
                .filter(s -> s.isConnected() && s.toolsListedAt() != null && s.toolsListedAt().isBefore(limit))
                .forEach(s -> executor.execute(() -> {
                    try {
                        s.refreshTools(requestTimeout());
                    } catch (RuntimeException e) {
                        LOG.fine(() -> "Tool refresh of " + s.id() + " failed: " + e.getMessage());
                    }
                }));
    }

    private void connectIfEnabled(ManagedServer server) {
        if (server.definition().enabled()) {
            connectAsync(server);
        }
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
            } catch (java.io.IOException | RuntimeException e) {
                return null;
            }
        }
        String value = System.getenv(name);
        return value != null ? value : config.getOptionalValue(name, String.class).orElse(null);
    }

    ManagedServer add(ServerDefinition definition) {
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

    public CatalogueStatus catalogue() {
        return catalogue;
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

    /** Connects (or reconnects) in the background unless a connect of this server is already running. */
    public CompletableFuture<ServerStatus> connectAsync(ManagedServer server) {
        if (!server.beginConnect()) {
            return CompletableFuture.completedFuture(server.status());
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return connectClaimed(server);
            } finally {
                server.endConnect();
            }
        }, executor);
    }

    /** Connects (or reconnects) and waits; failures are recorded on the server and returned in its status. */
    public ServerStatus connect(ManagedServer server) {
        server.beginConnect(); // an explicit request goes ahead even if a background attempt is running
        try {
            return connectClaimed(server);
        } finally {
            server.endConnect();
        }
    }

    private ServerStatus connectClaimed(ManagedServer server) {
        ServerDefinition definition = server.definition();
        // runtime registrations are checked on every connect: what a host name resolves to may have changed
        Optional<String> refusal = definition.origin() == ServerDefinition.Origin.RUNTIME
                ? targetPolicy.check(definition.url()) : Optional.empty();
        if (refusal.isPresent()) {
            server.recordUnhealthy("target not allowed: " + refusal.get(), backOff.after(server.consecutiveFailures() + 1));
            LOG.warning(() -> "Not connecting " + definition.id() + ": target not allowed: " + refusal.get());
            return server.status();
        }
        try {
            Listener listener = new Listener(server);
            if (!server.connect(() -> listener.session = connectionFactory.open(definition, listener), Duration.ofMillis(connectTimeoutMs))) {
                LOG.info(() -> "Connected " + definition.id() + " after it was disconnected; closed that session again");
                return server.status();
            }
            ServerStatus status = server.status();
            LOG.info(() -> "Connected " + definition.id() + " (" + definition.transport().wireName() + " " + definition.target()
                    + "): " + status.serverName() + " " + status.serverVersion() + ", protocol " + status.protocolVersion()
                    + ", " + status.toolCount() + " tools, " + status.resourceCount() + " resources, "
                    + status.promptCount() + " prompts");
        } catch (McpCallException e) {
            Duration wait = backOff.after(server.consecutiveFailures());
            server.backOff(wait);
            LOG.warning(() -> "Could not connect " + definition.id() + " (" + definition.transport().wireName() + " "
                    + definition.target() + "): " + e.getMessage() + "; next attempt in " + wait.toMillis() + " ms");
        }
        return server.status();
    }

    /**
     * A call to {@code server} went unanswered past its timeout. A slow tool is no fault, so the server is pinged at
     * once; if that ping also goes unanswered within {@code gateway.health.probe-timeout-ms}, the server is isolated
     * (UNHEALTHY, session closed, later calls refused at once with 503) instead of at the next health cycle.
     */
    public void suspectUnresponsive(ManagedServer server) {
        if (!probing.add(server.id())) {
            return; // one probe at a time is enough
        }
        try {
            executor.execute(() -> {
                try {
                    server.pingSession(Duration.ofMillis(probeTimeoutMs));
                } catch (McpCallException e) {
                    if (e.isTimeout()) {
                        LOG.warning(() -> server.id() + " left a call and a ping unanswered; isolating it");
                        server.recordUnresponsive("left a call unanswered and did not answer a ping within " + probeTimeoutMs
                                + " ms", backOff.after(server.consecutiveFailures() + 1));
                    }
                } finally {
                    probing.remove(server.id());
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            probing.remove(server.id());
        }
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
                LOG.log(Level.WARNING, "Could not close " + server.id() + " cleanly", e);
            }
        });
        // the SDK's Reactor schedulers belong to this application's class loader; stop their threads with it
        reactor.core.scheduler.Schedulers.shutdownNow();
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
            reconnectAfter(server, wait);
        }
    }

    /**
     * Connects {@code server} again once its back-off has passed, rather than at the next health cycle (which may
     * be half a minute away): a crashed stdio server is back after the first back-off step. Nothing happens if by
     * then it was removed, replaced, disconnected on purpose, or connected by someone else.
     */
    void reconnectAfter(ManagedServer server, Duration wait) {
        if (scheduler == null || !server.definition().enabled()) {
            return;
        }
        try {
            scheduler.schedule(() -> {
                if (servers.get(server.id()) == server && server.isDueForReconnect(Instant.now())) {
                    connectAsync(server);
                }
            }, wait.toMillis() + 1, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // the application is stopping
        }
    }

    /** Ordering key of a server's log lines: a chatty server's lines never hold up its state changes. */
    private record LogLinesOf(String serverId) {
    }

    /** Follows what a server announces on its own. */
    private final class Listener implements McpSessionListener {
        private final ManagedServer server;
        private final Logger serverLog;
        private final LogLinesOf logLines;
        volatile dev.mcphybrid.mcp.McpConnection session;

        Listener(ManagedServer server) {
            this.server = server;
            this.serverLog = Logger.getLogger("dev.mcphybrid.downstream." + server.id());
            this.logLines = new LogLinesOf(server.id());
        }

        @Override
        public void toolsChanged(List<ToolInfo> tools) {
            if (server.replaceTools(tools)) {
                LOG.info(() -> server.id() + " changed its tools: now " + tools.size());
            }
        }

        @Override
        public void sessionLost(String reason) {
            if (server.sessionLost(session, reason, backOff.after(server.consecutiveFailures() + 1))) {
                LOG.warning(() -> "Lost " + server.id() + ": " + reason);
            }
        }

        @Override
        public void logMessage(String level, String logger, String message) {
            serverLog.fine(() -> "[" + level + "] " + (logger == null ? "" : logger + ": ") + message);
            downstreamLogs.fireAsync(new DownstreamLog(server.id(), level, logger, message), ordered.by(logLines));
        }

        @Override
        public void stderrLine(String line) {
            serverLog.fine(() -> "stderr: " + line);
            downstreamLogs.fireAsync(new DownstreamLog(server.id(), "info", "stderr", line), ordered.by(logLines));
        }
    }
}
