package dev.mcphybrid.registry;

import dev.mcphybrid.common.OrderedEvents;
import dev.mcphybrid.mcp.McpCallException;
import dev.mcphybrid.mcp.McpConnection;
import dev.mcphybrid.mcp.McpConnectionFactory;
import dev.mcphybrid.mcp.McpSessionListener;
import dev.mcphybrid.mcp.ToolInfo;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The connection lifecycle of the registry's servers: connects (in the background, or waiting for an explicit
 * request), reconnects on the back-off schedule, isolates a server that leaves a call unanswered, re-lists stale
 * tool lists, and follows what a session announces on its own (tool changes, log lines, a lost session).
 */
@ApplicationScoped
public class ServerConnector {

    private static final Logger LOG = Logger.getLogger(ServerConnector.class.getName());

    @Inject
    McpConnectionFactory connectionFactory;

    @Inject
    TargetPolicy targetPolicy;

    @Inject
    ReconnectBackOff backOff;

    @Inject
    Event<DownstreamLog> downstreamLogs;

    @Inject
    Event<ResourceUpdated> resourceUpdates;

    @Inject
    OrderedEvents ordered;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "gateway.mcp.connect-timeout-ms")
    long connectTimeoutMs;

    @Inject
    @ConfigProperty(name = "gateway.mcp.request-timeout-ms")
    long requestTimeoutMs;

    @Inject
    @ConfigProperty(name = "gateway.health.probe-timeout-ms")
    long probeTimeoutMs;

    /** Servers being pinged after a call went unanswered. */
    private final Set<String> probing = ConcurrentHashMap.newKeySet();

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

    void connectIfEnabled(ManagedServer server) {
        if (server.definition().enabled()) {
            connectAsync(server);
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
            if (!server.connect(() -> listener.session = connectionFactory.open(definition.endpoint(), listener), Duration.ofMillis(connectTimeoutMs))) {
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
     * Connects {@code server} again once its back-off has passed, rather than at the next health cycle (which may
     * be half a minute away): a crashed stdio server is back after the first back-off step. Nothing happens if by
     * then it was removed or replaced (both disconnect it), disconnected on purpose, or connected by someone else.
     */
    void reconnectAfter(ManagedServer server, Duration wait) {
        if (scheduler == null || !server.definition().enabled()) {
            return;
        }
        try {
            scheduler.schedule(() -> {
                if (server.isDueForReconnect(Instant.now())) {
                    try {
                        connectAsync(server);
                    } catch (RejectedExecutionException shuttingDown) {
                        // the application stopped while this reconnect waited
                    }
                }
            }, wait.toMillis() + 1, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // the application is stopping
        }
    }

    /**
     * A call to {@code server} went unanswered past its timeout. A slow tool is no fault, so the server is pinged at
     * once; if that ping also goes unanswered within {@code gateway.health.probe-timeout-ms} and the server answered no
     * other call meanwhile, it is isolated (UNHEALTHY, session closed, later calls refused at once with 503) instead of
     * at the next health cycle.
     */
    public void suspectUnresponsive(ManagedServer server) {
        if (!probing.add(server.id())) {
            return; // one probe at a time is enough
        }
        try {
            executor.execute(() -> {
                long answers = server.answers();
                try {
                    server.pingSession(Duration.ofMillis(probeTimeoutMs));
                } catch (McpCallException e) {
                    if (e.isTimeout() && !server.recordPingTimeout(answers, Duration.ofMillis(probeTimeoutMs),
                            "left a call unanswered and did not answer a ping within " + probeTimeoutMs + " ms",
                            backOff.after(server.consecutiveFailures() + 1))) {
                        LOG.warning(() -> server.id() + " left a call and a ping unanswered; isolated it");
                    }
                } finally {
                    probing.remove(server.id());
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            probing.remove(server.id());
        }
    }

    /** Re-lists the tools of connected servers whose list is older than {@code maxAge}. */
    public void refreshToolsOlderThan(Collection<ManagedServer> servers, Duration maxAge) {
        Instant limit = Instant.now().minus(maxAge);
        servers.stream()
                .filter(s -> s.isConnected() && s.toolsListedAt() != null && s.toolsListedAt().isBefore(limit))
                .forEach(s -> executor.execute(() -> {
                    try {
                        s.refreshTools(Duration.ofMillis(requestTimeoutMs));
                    } catch (RuntimeException e) {
                        LOG.fine(() -> "Tool refresh of " + s.id() + " failed: " + e.getMessage());
                    }
                }));
    }

    public void disconnect(ManagedServer server) {
        server.disconnect();
        LOG.info(() -> "Disconnected " + server.id());
    }

    /** Ordering key of a server's log lines: a chatty server's lines never hold up its state changes. */
    private record LogLinesOf(String serverId) {
    }

    /** Follows what a server announces on its own. */
    private final class Listener implements McpSessionListener {
        private final ManagedServer server;
        private final Logger serverLog;
        private final LogLinesOf logLines;
        volatile McpConnection session;

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
        public void resourceUpdated(String uri) {
            resourceUpdates.fireAsync(new ResourceUpdated(server.id(), uri));
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
