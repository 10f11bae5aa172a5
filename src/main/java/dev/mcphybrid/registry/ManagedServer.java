package dev.mcphybrid.registry;

import dev.mcphybrid.mcp.Cancellation;
import dev.mcphybrid.mcp.ClientRequests;
import dev.mcphybrid.mcp.McpCallException;
import dev.mcphybrid.mcp.McpConnection;
import dev.mcphybrid.mcp.Progress;
import dev.mcphybrid.mcp.PromptInfo;
import dev.mcphybrid.mcp.ResourceInfo;
import dev.mcphybrid.mcp.ResourceTemplateInfo;
import dev.mcphybrid.mcp.ServerHandshake;
import dev.mcphybrid.mcp.ToolCallResult;
import dev.mcphybrid.mcp.ToolInfo;
import jakarta.json.JsonObject;
import java.util.function.Consumer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * One downstream server and its live session. State changes are serialised on this object; readers get
 * {@link #status()} snapshots and never see a half-updated server. Network calls happen outside the lock.
 */
public final class ManagedServer {

    private static final Logger LOG = Logger.getLogger(ManagedServer.class.getName());

    private final ServerDefinition definition;
    private final ServerEvents events;
    private final AtomicBoolean connecting = new AtomicBoolean();

    private McpConnection connection;
    private ServerState state = ServerState.DISCONNECTED;
    private ServerHandshake handshake;
    private volatile List<ToolInfo> tools = List.of();
    private volatile java.util.Map<String, ToolInfo> toolsByName = java.util.Map.of();
    private List<ToolInfo> announcedWhileConnecting;
    private List<ResourceInfo> resources = List.of();
    private List<PromptInfo> prompts = List.of();
    private List<ResourceTemplateInfo> resourceTemplates = List.of();
    private Long latencyMs;
    private String lastError;
    private int consecutiveFailures;
    private Instant connectedAt;
    private Instant lastCheckedAt;
    private Instant toolsListedAt;
    private Instant nextReconnectAt;
    private int toolListChanges;
    /** Counts {@link #disconnect()} calls, so a connect that was running meanwhile knows it lost. */
    private long disconnects;

    ManagedServer(ServerDefinition definition, ServerEvents events) {
        this.definition = definition;
        this.events = events;
    }

    /** The last session closed because the server stopped answering; its waiting calls become timeouts. */
    private volatile McpConnection closedAsUnresponsive;
    /** Calls the server has answered; a ping that times out while this grows meets a busy server, not a hung one. */
    private final java.util.concurrent.atomic.LongAdder answers = new java.util.concurrent.atomic.LongAdder();

    public ServerDefinition definition() {
        return definition;
    }

    public String id() {
        return definition.id();
    }

    public List<ToolInfo> tools() {
        return tools;
    }

    /** One tool of the current list by name, without scanning the list. */
    public java.util.Optional<ToolInfo> tool(String name) {
        return java.util.Optional.ofNullable(toolsByName.get(name));
    }

    public synchronized ServerState state() {
        return state;
    }

    public synchronized boolean isConnected() {
        return connection != null;
    }

    synchronized Instant toolsListedAt() {
        return toolsListedAt;
    }

    /** True when no session is open, nobody is connecting, and the back-off since the last failure has passed. */
    public synchronized boolean isDueForReconnect(Instant now) {
        return connection == null && !connecting.get() && state != ServerState.DISCONNECTED
                && (nextReconnectAt == null || !now.isBefore(nextReconnectAt));
    }

    /** Claims the right to connect; false while another connect of this server is running. */
    boolean beginConnect() {
        return connecting.compareAndSet(false, true);
    }

    void endConnect() {
        connecting.set(false);
    }

    /**
     * Opens a new session (closing any old one), runs the handshake and reads tools, resources and prompts. Returns
     * false when the server was disconnected meanwhile: then the new session is closed (with its process) and the
     * server stays DISCONNECTED.
     */
    boolean connect(Supplier<McpConnection> opener, Duration timeout) {
        McpConnection old;
        long disconnectsBefore;
        synchronized (this) {
            disconnectsBefore = disconnects;
            old = connection;
            connection = null;
            announcedWhileConnecting = null;
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
            List<ResourceTemplateInfo> listedTemplates = hello.supports("resources") ? templates(fresh, timeout) : List.of();
            McpConnection toClose;
            boolean installed;
            synchronized (this) {
                installed = disconnects == disconnectsBefore;
                if (installed) {
                    toClose = connection;
                    install(fresh, hello, listedTools, listedResources, listedPrompts, listedTemplates, started);
                } else {
                    toClose = fresh; // disconnected meanwhile: nobody else would ever close it
                }
            }
            closeQuietly(toClose);
            return installed;
        } catch (RuntimeException e) {
            closeQuietly(fresh);
            String message = safeMessage(e);
            synchronized (this) {
                if (disconnects == disconnectsBefore) { // else it stays DISCONNECTED, not due for a reconnect
                    recordFailureLocked(message);
                }
            }
            throw e instanceof McpCallException mce ? mce : new McpCallException(message, e, false);
        }
    }

    private void install(McpConnection fresh, ServerHandshake hello, List<ToolInfo> listedTools, List<ResourceInfo> listedResources,
                         List<PromptInfo> listedPrompts, List<ResourceTemplateInfo> listedTemplates, Instant started) {
        connection = fresh;
        handshake = hello;
        // a list announced during the handshake was read after the change, so it is at least as new
        setTools(announcedWhileConnecting != null ? announcedWhileConnecting : listedTools);
        announcedWhileConnecting = null;
        resources = List.copyOf(listedResources);
        prompts = List.copyOf(listedPrompts);
        resourceTemplates = List.copyOf(listedTemplates);
        connectedAt = Instant.now();
        lastCheckedAt = connectedAt;
        latencyMs = Duration.between(started, connectedAt).toMillis();
        consecutiveFailures = 0;
        nextReconnectAt = null;
        moveTo(ServerState.HEALTHY, null);
    }

    /** Pings the open session; throws {@link McpCallException} when it fails or no session is open. */
    public Duration pingSession(Duration timeout) {
        McpConnection current;
        synchronized (this) {
            current = connection;
        }
        if (current == null) {
            throw new McpCallException("not connected", null, McpCallException.Kind.UNAVAILABLE);
        }
        return current.ping(timeout);
    }

    public synchronized List<ResourceInfo> resources() {
        return connection == null ? List.of() : resources;
    }

    public synchronized List<PromptInfo> prompts() {
        return connection == null ? List.of() : prompts;
    }

    public synchronized List<ResourceTemplateInfo> resourceTemplates() {
        return connection == null ? List.of() : resourceTemplates;
    }

    /** Whether the open session's server offers argument completions. */
    public synchronized boolean offersCompletions() {
        return connection != null && handshake != null && handshake.supports("completions");
    }

    /** Whether the open session's server lets clients subscribe to its resources. */
    public synchronized boolean offersSubscriptions() {
        return connection != null && handshake != null && handshake.capabilities() != null
                && handshake.capabilities().get("resources") instanceof JsonObject resources && resources.getBoolean("subscribe", false);
    }

    /** {@code resources/subscribe} over the open session. */
    public void subscribe(String uri, Duration timeout) {
        openConnection().subscribe(uri, timeout);
    }

    /** {@code resources/unsubscribe} over the open session. */
    public void unsubscribe(String uri, Duration timeout) {
        openConnection().unsubscribe(uri, timeout);
    }

    /** {@code completion/complete} over the open session; {@link McpCallException.Kind#UNAVAILABLE} when there is none. */
    public jakarta.json.JsonObject complete(jakarta.json.JsonObject request, Duration timeout) {
        return openConnection().complete(request, timeout);
    }

    /** Templates are optional beside resources: a server that refuses to list them has none. */
    private List<ResourceTemplateInfo> templates(McpConnection fresh, Duration timeout) {
        try {
            return fresh.listResourceTemplates(timeout);
        } catch (McpCallException e) {
            LOG.fine(() -> id() + " lists no resource templates: " + e.getMessage());
            return List.of();
        }
    }

    /** Reads a resource over the open session; {@link McpCallException.Kind#UNAVAILABLE} when there is none. */
    public jakarta.json.JsonObject readResource(String uri, Duration timeout) {
        return openConnection().readResource(uri, timeout);
    }

    /** Gets a prompt over the open session; {@link McpCallException.Kind#UNAVAILABLE} when there is none. */
    public jakarta.json.JsonObject getPrompt(String name, java.util.Map<String, String> arguments, Duration timeout) {
        return openConnection().getPrompt(name, arguments, timeout);
    }

    private McpConnection openConnection() {
        McpConnection current;
        String why;
        synchronized (this) {
            current = connection;
            why = "server " + id() + " is " + state + (lastError == null ? "" : ": " + lastError);
        }
        if (current == null) {
            throw new McpCallException(why, null, McpCallException.Kind.UNAVAILABLE);
        }
        return current;
    }

    /** Calls a tool on the open session; {@link McpCallException.Kind#UNAVAILABLE} when there is none. */
    public ToolCallResult callTool(String name, JsonObject arguments, Duration timeout, String progressToken,
                                   Consumer<Progress> progress, Cancellation cancellation) {
        return callTool(name, arguments, timeout, progressToken, progress, cancellation, ClientRequests.NONE);
    }

    /** A call whose server may ask {@code client} things while it runs (sampling, elicitation). */
    public ToolCallResult callTool(String name, JsonObject arguments, Duration timeout, String progressToken,
                                   Consumer<Progress> progress, Cancellation cancellation, ClientRequests client) {
        McpConnection used = openConnection();
        try {
            ToolCallResult result = used.callTool(name, arguments, timeout, progressToken, progress, cancellation, client);
            answers.increment();
            return result;
        } catch (McpCallException e) {
            if (e.kind() == McpCallException.Kind.TRANSPORT && used == closedAsUnresponsive) {
                // the gateway closed the session because the server stopped answering: for this call, a timeout
                throw new McpCallException(name + " got no answer: " + id() + " stopped answering and its session was closed",
                        e, McpCallException.Kind.TIMEOUT);
            }
            throw e;
        }
    }

    /** A successful health check: HEALTHY, or DEGRADED when slower than {@code slow}. */
    public synchronized void recordHealthy(Duration latency, Duration slow) {
        boolean isSlow = latency.compareTo(slow) > 0;
        recordAlive(latency, isSlow ? ServerState.DEGRADED : ServerState.HEALTHY,
                isSlow ? "ping took " + latency.toMillis() + " ms (slow above " + slow.toMillis() + " ms)" : null);
    }

    /** A check that found the server alive, if it still has a session; false when it has none. */
    private synchronized boolean recordAlive(Duration latency, ServerState state, String reason) {
        if (connection == null) {
            return false;
        }
        latencyMs = latency.toMillis();
        lastCheckedAt = Instant.now();
        consecutiveFailures = 0;
        moveTo(state, reason);
        return true;
    }

    /** How many calls the server has answered so far: read before a ping, for {@link #recordPingTimeout}. */
    public long answers() {
        return answers.sum();
    }

    /**
     * A ping went unanswered for {@code waited}. A server that answered calls meanwhile ({@link #answers()} grew past
     * {@code answersBefore}) is busy, not hung: DEGRADED, its session and the calls on it kept, and true. One that
     * answered nothing is isolated as by {@link #recordUnresponsive}, and false.
     */
    public boolean recordPingTimeout(long answersBefore, Duration waited, String error, Duration backOff) {
        if (answers.sum() != answersBefore) {
            return recordAlive(waited, ServerState.DEGRADED, "busy: a ping went unanswered for " + waited.toMillis()
                    + " ms while the server answered calls");
        }
        recordUnresponsive(error, backOff);
        return false;
    }

    /**
     * A failed health check: the server is UNHEALTHY and its session is closed, which also stops a hung stdio
     * process; the next connect is due after {@code backOff}.
     */
    public void recordUnhealthy(String error, Duration backOff) {
        closeSession(error, backOff, false);
    }

    /**
     * The server left a request unanswered past its timeout: UNHEALTHY as {@link #recordUnhealthy}, and the calls
     * still waiting on its session end as timeouts (504), not as broken connections.
     */
    public void recordUnresponsive(String error, Duration backOff) {
        closeSession(error, backOff, true);
    }

    private void closeSession(String error, Duration backOff, boolean unresponsive) {
        McpConnection broken;
        synchronized (this) {
            broken = connection;
            if (unresponsive && broken != null) {
                closedAsUnresponsive = broken;
            }
            connection = null;
            recordFailureLocked(error);
            nextReconnectAt = Instant.now().plus(backOff);
        }
        closeQuietly(broken);
        deliver(() -> events.reconnectDue(backOff));
    }

    /**
     * The given session ended by itself (e.g. its process died): UNHEALTHY at once, reconnect after {@code backOff}.
     * Ignored when that session is no longer the current one (the gateway closed or replaced it).
     */
    public boolean sessionLost(McpConnection which, String reason, Duration backOff) {
        synchronized (this) {
            if (which == null || connection != which) {
                return false;
            }
        }
        recordUnhealthy(reason, backOff);
        return true;
    }

    /** Sets when the next connect attempt is due after a failed connect. */
    void backOff(Duration delay) {
        synchronized (this) {
            nextReconnectAt = Instant.now().plus(delay);
        }
        deliver(() -> events.reconnectDue(delay));
    }

    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** Takes the tool list a server announced after {@code tools/list_changed}; true if it differs. */
    synchronized boolean replaceTools(List<ToolInfo> latest) {
        toolListChanges++;
        if (connection == null) {
            if (state == ServerState.CONNECTING) {
                announcedWhileConnecting = List.copyOf(latest);
            }
            return false;
        }
        return setTools(latest);
    }

    /** Re-reads the tool list of the open session (the metadata cache expired). */
    void refreshTools(Duration timeout) {
        McpConnection current;
        synchronized (this) {
            current = connection;
        }
        if (current != null) {
            List<ToolInfo> listed = current.listTools(timeout);
            synchronized (this) {
                if (connection == current) {
                    setTools(listed);
                }
            }
        }
    }

    /** Closes the session on purpose; the server stays registered but is not reconnected until asked. */
    void disconnect() {
        McpConnection old;
        synchronized (this) {
            disconnects++;
            old = connection;
            connection = null;
            // in the same step: while the session closes (a process takes a moment to stop), the health monitor
            // must not find a HEALTHY server without a session and reconnect it
            setTools(List.of());
            resources = List.of();
            prompts = List.of();
            resourceTemplates = List.of();
            latencyMs = null;
            nextReconnectAt = null;
            moveTo(ServerState.DISCONNECTED, null);
        }
        closeQuietly(old);
    }

    public synchronized ServerStatus status() {
        return new ServerStatus(definition.id(), definition.name(), definition.transport().wireName(), definition.target(),
                definition.origin().name().toLowerCase(Locale.ROOT), definition.enabled(), definition.tags(),
                definition.capabilities(), state,
                handshake == null ? null : handshake.serverName(),
                handshake == null ? null : handshake.serverVersion(),
                handshake == null ? null : handshake.protocolVersion(),
                handshake == null ? null : handshake.capabilities(),
                latencyMs, lastError, consecutiveFailures, connectedAt, lastCheckedAt,
                connection != null ? null : nextReconnectAt, toolsListedAt, toolListChanges,
                tools.size(), resources.size(), prompts.size(), null);
    }

    private void recordFailureLocked(String error) {
        consecutiveFailures++;
        lastCheckedAt = Instant.now();
        latencyMs = null;
        setTools(List.of());
        moveTo(ServerState.UNHEALTHY, error);
    }

    private boolean setTools(List<ToolInfo> latest) {
        List<ToolInfo> previous = tools;
        if (!latest.isEmpty() || !previous.isEmpty()) {
            toolsListedAt = Instant.now();
        }
        if (previous.equals(latest)) {
            return false;
        }
        tools = List.copyOf(latest);
        toolsByName = latest.stream().collect(Collectors.toUnmodifiableMap(ToolInfo::name, t -> t, (a, b) -> a));
        Set<String> before = previous.stream().map(ToolInfo::name).collect(Collectors.toSet());
        Set<String> after = latest.stream().map(ToolInfo::name).collect(Collectors.toSet());
        List<String> added = after.stream().filter(n -> !before.contains(n)).sorted().toList();
        List<String> removed = before.stream().filter(n -> !after.contains(n)).sorted().toList();
        deliver(() -> events.toolsChanged(new ToolsChanged(definition.id(), added, removed, latest.size())));
        return true;
    }

    private void moveTo(ServerState next, String error) {
        ServerState previous = state;
        state = next;
        if (error != null || next == ServerState.HEALTHY || next == ServerState.DISCONNECTED) {
            lastError = error;
        }
        if (previous != next) {
            deliver(() -> events.stateChanged(new ServerStateChanged(definition.id(), previous, next, error)));
        }
    }

    private void deliver(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            // e.g. the application is stopping and events can no longer be delivered; the change still happened
            LOG.fine(() -> "Event of " + definition.id() + " not delivered: " + e);
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
