package dev.mcphybrid.upstream;

import dev.mcphybrid.mcp.SdkConnectionFactory;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpNotificationHandler;
import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.spec.DefaultMcpStreamableServerSessionFactory;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpLoggableSession;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpServerTransportProviderBase;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One MCP server the gateway offers its clients, on the official SDK's sessions and servlet transports with the
 * gateway's own request handlers. The SDK's {@code McpAsyncServer} lists the same features to every client and
 * announces each feature added or removed on its own; a gateway lists per caller (tools the access policy refuses
 * are not shown), announces a catalogue change once, and passes resource reads, templates, completions and log
 * levels on to the servers behind it.
 */
final class GatewayMcpServer {

    private static final Logger LOG = Logger.getLogger(GatewayMcpServer.class.getName());
    /** How long a request the gateway sends to a client (e.g. roots/list) may take. */
    private static final Duration CLIENT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final ExposedServer exposed;
    private final UpstreamBridge bridge;
    private final McpSchema.Implementation info;
    private final String instructions;
    private final McpJsonMapper mapper = SdkConnectionFactory.jsonMapper();
    private final ResourceSubscriptions subscriptions;
    private final Map<String, McpLoggableSession> sessions = new ConcurrentHashMap<>();
    /** Sessions that asked for log messages ({@code logging/setLevel}), with the least level they want. */
    private final Map<String, McpSchema.LoggingLevel> logLevels = new ConcurrentHashMap<>();
    private List<String> protocolVersions = List.of();
    private Runnable close = () -> { };

    GatewayMcpServer(ExposedServer exposed, UpstreamBridge bridge, ResourceSubscriptions subscriptions, String name, String version,
                     String instructions) {
        this.exposed = exposed;
        this.bridge = bridge;
        this.subscriptions = subscriptions;
        this.info = new McpSchema.Implementation(name, version);
        this.instructions = instructions;
    }

    ExposedServer exposed() {
        return exposed;
    }

    /** Serves the Streamable HTTP transport's sessions; list changes go to all of its clients. */
    void serve(McpStreamableServerTransportProvider transport) {
        attach(transport);
        transport.setSessionFactory(new DefaultMcpStreamableServerSessionFactory(CLIENT_REQUEST_TIMEOUT, this::initialize,
                requestHandlers(), notificationHandlers(), this::ended) {
            @Override
            public McpStreamableServerSession.McpStreamableServerSessionInit startSession(McpSchema.InitializeRequest request) {
                McpStreamableServerSession.McpStreamableServerSessionInit init = super.startSession(request);
                sessions.put(init.session().getId(), init.session());
                return init;
            }
        });
    }

    /** Serves the older HTTP+SSE transport's sessions. */
    void serve(McpServerTransportProvider transport) {
        attach(transport);
        Map<String, McpRequestHandler<?>> requests = requestHandlers();
        Map<String, McpNotificationHandler> notifications = notificationHandlers();
        transport.setSessionFactory(sessionTransport -> {
            String id = UUID.randomUUID().toString();
            McpServerSession session = new McpServerSession(id, CLIENT_REQUEST_TIMEOUT, sessionTransport, this::initialize,
                    requests, notifications, () -> ended(id));
            sessions.put(id, session);
            return session;
        });
    }

    /** What either transport gives: its protocol versions, its end, and list changes for all of its clients. */
    private void attach(McpServerTransportProviderBase transport) {
        protocolVersions = transport.protocolVersions();
        close = transport::close;
        exposed.onListChanged(method -> transport.notifyClients(method, null)
                .subscribe(sent -> { }, error -> LOG.fine(() -> method + " not sent to every client of " + exposed.name() + ": " + error)));
    }

    /** A log line of a downstream server, sent to every session that asked for lines of its level. */
    /** Whether any session asked for log messages. */
    boolean wantsLogs() {
        return !logLevels.isEmpty();
    }

    void log(String serverId, McpSchema.LoggingLevel level, String text) {
        if (!exposed.offersServer(serverId)) {
            return;
        }
        McpSchema.LoggingMessageNotification message = new McpSchema.LoggingMessageNotification(level, serverId, text);
        logLevels.forEach((id, least) -> {
            McpLoggableSession session = sessions.get(id);
            if (session != null && level.level() >= least.level()) {
                session.sendNotification(McpSchema.METHOD_NOTIFICATION_MESSAGE, message)
                        .subscribe(sent -> { }, error -> LOG.fine(() -> "Log message not sent to MCP session " + id + ": " + error));
            }
        });
    }

    /** Ends every session of the transport. */
    void close() {
        close.run();
    }

    /** A downstream log level ({@code info}, {@code warning}, ...) as MCP names it; unknown ones are info. */
    static McpSchema.LoggingLevel level(String name) {
        if (name != null) {
            for (McpSchema.LoggingLevel level : McpSchema.LoggingLevel.values()) {
                if (level.name().equalsIgnoreCase(name) || "warn".equalsIgnoreCase(name) && level == McpSchema.LoggingLevel.WARNING) {
                    return level;
                }
            }
        }
        return McpSchema.LoggingLevel.INFO;
    }

    private Mono<Void> ended(String sessionId) {
        sessions.remove(sessionId);
        logLevels.remove(sessionId);
        subscriptions.ended(sessionId);
        return Mono.empty();
    }

    /** {@code resources/subscribe}: a gateway URI of a server that offers subscriptions. */
    private Map<String, Object> subscribe(McpAsyncServerExchange exchange, McpSchema.SubscribeRequest request) {
        bridge.requireOperator(exchange);
        ExposedNames.ResourceName name = ExposedNames.resourceOf(request.uri());
        dev.mcphybrid.registry.ManagedServer server = name == null ? null : bridge.server(name.serverId());
        if (server == null) {
            throw McpError.builder(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND).message("Resource not found: " + request.uri()).build();
        }
        if (!server.offersSubscriptions()) {
            throw invalid("Server " + server.id() + " does not offer subscriptions to its resources");
        }
        String session = exchange.sessionId();
        try {
            subscriptions.subscribe(session, server, name.uri(), uri -> notifyUpdated(session, uri));
        } catch (dev.mcphybrid.mcp.McpCallException e) {
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(e.getMessage()).build();
        }
        return Map.of();
    }

    private Map<String, Object> unsubscribe(McpAsyncServerExchange exchange, McpSchema.UnsubscribeRequest request) {
        ExposedNames.ResourceName name = ExposedNames.resourceOf(request.uri());
        if (name != null) {
            subscriptions.unsubscribe(exchange.sessionId(), name.serverId(), name.uri());
        }
        return Map.of();
    }

    private void notifyUpdated(String sessionId, String uri) {
        McpLoggableSession session = sessions.get(sessionId);
        if (session != null) {
            session.sendNotification(McpSchema.METHOD_NOTIFICATION_RESOURCES_UPDATED, new McpSchema.ResourcesUpdatedNotification(uri))
                    .subscribe(sent -> { }, error -> LOG.fine(() -> "resources/updated not sent to MCP session " + sessionId + ": " + error));
        }
    }

    /** The highest protocol version this transport speaks, or the client's when it speaks that one too (the spec's rule). */
    private Mono<McpSchema.InitializeResult> initialize(McpSchema.InitializeRequest request) {
        String version = protocolVersions.contains(request.protocolVersion()) ? request.protocolVersion()
                : protocolVersions.get(protocolVersions.size() - 1);
        McpSchema.ServerCapabilities.Builder capabilities = McpSchema.ServerCapabilities.builder().tools(true).logging();
        if (exposed.withResourcesAndPrompts()) {
            capabilities.resources(true, true).prompts(true).completions();
        }
        return Mono.just(new McpSchema.InitializeResult(version, capabilities.build(), info,
                "Tools of every MCP server behind this gateway, named serverId__toolName." + (instructions == null ? "" : " " + instructions)));
    }

    private Map<String, McpRequestHandler<?>> requestHandlers() {
        Map<String, McpRequestHandler<?>> handlers = new ConcurrentHashMap<>();
        handlers.put(McpSchema.METHOD_PING, (exchange, params) -> Mono.just(Map.of()));
        handlers.put(McpSchema.METHOD_TOOLS_LIST, (exchange, params) -> Mono.fromSupplier(() ->
                McpSchema.ListToolsResult.builder(bridge.toolsFor(exposed.listing(), exchange)).build()));
        handlers.put(McpSchema.METHOD_TOOLS_CALL, blocking(McpSchema.CallToolRequest.class,
                (exchange, request) -> bridge.call(exposed, exchange, request)));
        handlers.put(McpSchema.METHOD_LOGGING_SET_LEVEL, typed(McpSchema.SetLevelRequest.class, (exchange, request) -> {
            if (request.level() == null) {
                throw invalid("logging/setLevel needs a level");
            }
            logLevels.put(exchange.sessionId(), request.level());
            return Map.of();
        }));
        if (exposed.withResourcesAndPrompts()) {
            handlers.put(McpSchema.METHOD_RESOURCES_LIST, (exchange, params) -> Mono.fromSupplier(() -> McpSchema.ListResourcesResult.builder(
                    exposed.listing().resources().values().stream().map(ExposedServer.Offered::feature).toList()).build()));
            handlers.put(McpSchema.METHOD_RESOURCES_TEMPLATES_LIST, (exchange, params) -> Mono.fromSupplier(() ->
                    McpSchema.ListResourceTemplatesResult.builder(exposed.listing().templates().values().stream()
                            .map(ExposedServer.Offered::feature).toList()).build()));
            handlers.put(McpSchema.METHOD_RESOURCES_READ, blocking(McpSchema.ReadResourceRequest.class,
                    (exchange, request) -> bridge.readResource(exposed.listing(), exchange, request)));
            handlers.put(McpSchema.METHOD_RESOURCES_SUBSCRIBE, blocking(McpSchema.SubscribeRequest.class, this::subscribe));
            handlers.put(McpSchema.METHOD_RESOURCES_UNSUBSCRIBE, blocking(McpSchema.UnsubscribeRequest.class, this::unsubscribe));
            handlers.put(McpSchema.METHOD_PROMPT_LIST, (exchange, params) -> Mono.fromSupplier(() -> McpSchema.ListPromptsResult.builder(
                    exposed.listing().prompts().values().stream().map(ExposedServer.Offered::feature).toList()).build()));
            handlers.put(McpSchema.METHOD_PROMPT_GET, blocking(McpSchema.GetPromptRequest.class,
                    (exchange, request) -> bridge.getPrompt(exposed.listing(), exchange, request)));
            handlers.put(McpSchema.METHOD_COMPLETION_COMPLETE, blocking(McpSchema.CompleteRequest.class,
                    (exchange, request) -> bridge.complete(exposed.listing(), exchange, request)));
        }
        return handlers;
    }

    private static Map<String, McpNotificationHandler> notificationHandlers() {
        McpNotificationHandler nothing = (exchange, params) -> Mono.empty();
        // cancellations are acted on before the SDK sees them (RunningCalls); roots are asked for when a call needs them
        return Map.of(McpSchema.METHOD_NOTIFICATION_INITIALIZED, nothing,
                McpSchema.METHOD_NOTIFICATION_ROOTS_LIST_CHANGED, nothing,
                "notifications/cancelled", nothing);
    }

    /** A handler that waits on a downstream server: off the transport's thread. */
    private <R, T> McpRequestHandler<T> blocking(Class<R> type, BiFunction<McpAsyncServerExchange, R, T> handler) {
        return (exchange, params) -> Mono.fromCallable(call(exchange, params, type, handler)).subscribeOn(Schedulers.boundedElastic());
    }

    private <R, T> McpRequestHandler<T> typed(Class<R> type, BiFunction<McpAsyncServerExchange, R, T> handler) {
        return (exchange, params) -> Mono.fromCallable(call(exchange, params, type, handler));
    }

    private <R, T> Callable<T> call(McpAsyncServerExchange exchange, Object params, Class<R> type, BiFunction<McpAsyncServerExchange, R, T> handler) {
        return () -> {
            R request;
            try {
                request = mapper.convertValue(params, type);
            } catch (RuntimeException e) {
                throw invalid("params are not a valid " + type.getSimpleName().replace("Request", "") + " request");
            }
            if (request == null) {
                throw invalid("params are missing");
            }
            return handler.apply(exchange, request);
        };
    }

    static McpError invalid(String message) {
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(message).build();
    }
}
