package dev.mcphybrid.registry;

import dev.mcphybrid.mcp.McpCallException;
import dev.mcphybrid.mcp.McpConnection;
import dev.mcphybrid.mcp.PromptInfo;
import dev.mcphybrid.mcp.ResourceInfo;
import dev.mcphybrid.mcp.ServerHandshake;
import dev.mcphybrid.mcp.ToolInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * One downstream server and its live session. State changes are serialised on this object; readers get
 * {@link #status()} snapshots and never see a half-updated server.
 */
public final class ManagedServer {

    private final ServerDefinition definition;
    private final Consumer<ServerStateChanged> stateListener;

    private McpConnection connection;
    private ServerState state = ServerState.DISCONNECTED;
    private ServerHandshake handshake;
    private volatile List<ToolInfo> tools = List.of();
    private List<ResourceInfo> resources = List.of();
    private List<PromptInfo> prompts = List.of();
    private Long latencyMs;
    private String lastError;
    private int consecutiveFailures;
    private Instant connectedAt;
    private Instant lastCheckedAt;

    ManagedServer(ServerDefinition definition, Consumer<ServerStateChanged> stateListener) {
        this.definition = definition;
        this.stateListener = stateListener;
    }

    public ServerDefinition definition() {
        return definition;
    }

    public String id() {
        return definition.id();
    }

    public List<ToolInfo> tools() {
        return tools;
    }

    public synchronized ServerState state() {
        return state;
    }

    /** Opens a new session (closing any old one), runs the handshake and reads tools, resources and prompts. */
    void connect(java.util.function.Supplier<McpConnection> opener, Duration timeout) {
        McpConnection old;
        synchronized (this) {
            old = connection;
            connection = null;
            moveTo(ServerState.CONNECTING, null);
        }
        closeQuietly(old);
        McpConnection fresh = null;
        try {
            Instant started = Instant.now();
            fresh = opener.get();
            ServerHandshake hello = fresh.initialize(timeout);
            List<ToolInfo> listedTools = hello.supports("tools") ? fresh.listTools(timeout) : List.of();
            List<ResourceInfo> listedResources = hello.supports("resources") ? fresh.listResources(timeout) : List.of();
            List<PromptInfo> listedPrompts = hello.supports("prompts") ? fresh.listPrompts(timeout) : List.of();
            synchronized (this) {
                connection = fresh;
                handshake = hello;
                tools = List.copyOf(listedTools);
                resources = List.copyOf(listedResources);
                prompts = List.copyOf(listedPrompts);
                connectedAt = Instant.now();
                lastCheckedAt = connectedAt;
                latencyMs = Duration.between(started, connectedAt).toMillis();
                consecutiveFailures = 0;
                moveTo(ServerState.HEALTHY, null);
            }
        } catch (RuntimeException e) {
            closeQuietly(fresh);
            synchronized (this) {
                consecutiveFailures++;
                lastCheckedAt = Instant.now();
                moveTo(ServerState.UNHEALTHY, safeMessage(e));
            }
            throw e instanceof McpCallException mce ? mce : new McpCallException(safeMessage(e), e, false);
        }
    }

    /** Takes the tool list a connected server announced after {@code tools/list_changed}; true if it differs. */
    synchronized boolean replaceTools(List<ToolInfo> latest) {
        if (connection == null || tools.equals(latest)) {
            return false;
        }
        tools = List.copyOf(latest);
        return true;
    }

    /** Closes the session on purpose; the server stays registered. */
    void disconnect() {
        McpConnection old;
        synchronized (this) {
            old = connection;
            connection = null;
        }
        closeQuietly(old);
        synchronized (this) {
            tools = List.of();
            resources = List.of();
            prompts = List.of();
            latencyMs = null;
            moveTo(ServerState.DISCONNECTED, null);
        }
    }

    public synchronized ServerStatus status() {
        return new ServerStatus(definition.id(), definition.name(), definition.transport().wireName(), definition.target(),
                definition.origin().name().toLowerCase(java.util.Locale.ROOT), definition.enabled(), definition.tags(),
                definition.capabilities(), state,
                handshake == null ? null : handshake.serverName(),
                handshake == null ? null : handshake.serverVersion(),
                handshake == null ? null : handshake.protocolVersion(),
                handshake == null ? null : handshake.capabilities(),
                latencyMs, lastError, consecutiveFailures, connectedAt, lastCheckedAt,
                tools.size(), resources.size(), prompts.size());
    }

    private void moveTo(ServerState next, String error) {
        ServerState previous = state;
        state = next;
        lastError = error != null ? error : (next == ServerState.HEALTHY || next == ServerState.DISCONNECTED ? null : lastError);
        if (previous != next) {
            try {
                stateListener.accept(new ServerStateChanged(definition.id(), previous, next, error));
            } catch (RuntimeException e) {
                // e.g. the application is stopping and events can no longer be delivered; the state still changed
                java.util.logging.Logger.getLogger(ManagedServer.class.getName())
                        .fine(() -> "State change of " + definition.id() + " not delivered: " + e);
            }
        }
    }

    static String safeMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    private static void closeQuietly(McpConnection connection) {
        if (connection != null) {
            connection.close();
        }
    }
}
