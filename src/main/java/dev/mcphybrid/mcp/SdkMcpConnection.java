package dev.mcphybrid.mcp;

import dev.mcphybrid.common.JsonPlain;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jakarta.json.JsonObject;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;

/** An {@link McpConnection} on the official MCP Java SDK's async client, with a timeout on every call. */
final class SdkMcpConnection implements McpConnection {

    private static final Logger LOG = Logger.getLogger(SdkMcpConnection.class.getName());

    private final String serverId;
    private final McpAsyncClient client;
    private final CancellingTransport transport;
    private final ProgressRouter progress;
    private final ClientRequestRouter clients;
    private final McpJsonMapper mapper;
    private final SdkJson json;

    SdkMcpConnection(String serverId, McpAsyncClient client, CancellingTransport transport, ProgressRouter progress,
                     ClientRequestRouter clients, McpJsonMapper mapper) {
        this.serverId = serverId;
        this.client = client;
        this.transport = transport;
        this.progress = progress;
        this.clients = clients;
        this.mapper = mapper;
        this.json = new SdkJson(mapper);
    }

    @Override
    public ServerHandshake initialize(Duration timeout) {
        McpSchema.InitializeResult result = await(client.initialize(), timeout, "initialize");
        if (result.capabilities() != null && result.capabilities().logging() != null) {
            // ask for info and above so the gateway's log view gets the server's own log lines
            client.setLoggingLevel(McpSchema.LoggingLevel.INFO)
                    .timeout(timeout)
                    .subscribe(ok -> { }, error -> LOG.fine(() -> serverId + " refused logging/setLevel: " + error.getMessage()));
        }
        McpSchema.Implementation info = result.serverInfo();
        return new ServerHandshake(info == null ? null : info.name(), info == null ? null : info.version(),
                result.protocolVersion(), json.toObject(result.capabilities()), result.instructions());
    }

    @Override
    public List<ToolInfo> listTools(Duration timeout) {
        return await(client.listTools(), timeout, "tools/list").tools().stream().map(json::tool).toList();
    }

    @Override
    public List<ResourceInfo> listResources(Duration timeout) {
        return await(client.listResources(), timeout, "resources/list").resources().stream()
                .map(r -> new ResourceInfo(r.uri(), r.name(), r.title(), r.description(), r.mimeType()))
                .toList();
    }

    @Override
    public List<ResourceTemplateInfo> listResourceTemplates(Duration timeout) {
        return await(client.listResourceTemplates(), timeout, "resources/templates/list").resourceTemplates().stream()
                .map(t -> new ResourceTemplateInfo(t.uriTemplate(), t.name(), t.title(), t.description(), t.mimeType()))
                .toList();
    }

    @Override
    public List<PromptInfo> listPrompts(Duration timeout) {
        return await(client.listPrompts(), timeout, "prompts/list").prompts().stream()
                .map(p -> new PromptInfo(p.name(), p.title(), p.description(), json.toArray(p.arguments())))
                .toList();
    }

    @Override
    public ToolCallResult callTool(String name, JsonObject arguments, Duration timeout, String progressToken,
                                   Consumer<Progress> onProgress, Cancellation cancellation) {
        return callTool(name, arguments, timeout, progressToken, onProgress, cancellation, ClientRequests.NONE);
    }

    @Override
    public ToolCallResult callTool(String name, JsonObject arguments, Duration timeout, String progressToken,
                                   Consumer<Progress> onProgress, Cancellation cancellation, ClientRequests asking) {
        Map<String, Object> args = arguments == null ? Map.of() : JsonPlain.toMap(arguments);
        Map<String, String> trace = TracePropagation.current();
        McpSchema.CallToolRequest request = new McpSchema.CallToolRequest(name, args,
                TracePropagation.withTrace(Map.of("progressToken", progressToken), trace));
        progress.register(progressToken, onProgress);
        clients.register(progressToken, asking);
        try {
            // the caller giving up ends the wait at once (the future is the caller's: a finished call leaves it be)
            Mono<McpSchema.CallToolResult> cancelled = Mono.fromFuture(cancellation.whenCancelled(), true)
                    .flatMap(why -> Mono.error(new McpCallException("tools/call " + name + " to " + serverId + " cancelled: " + why,
                            null, McpCallException.Kind.CANCELLED)));
            McpSchema.CallToolResult result = await(Mono.firstWithSignal(TracePropagation.carrying(client.callTool(request), trace), cancelled), timeout,
                    "tools/call " + name);
            return new ToolCallResult(json.toObject(result), Boolean.TRUE.equals(result.isError()));
        } catch (McpCallException e) {
            if (e.isTimeout() || e.kind() == McpCallException.Kind.CANCELLED) {
                transport.cancel(progressToken, e.isTimeout() ? "timed out after " + timeout.toMillis() + " ms at the gateway"
                                : cancellation.whenCancelled().getNow("cancelled by the caller"))
                        .timeout(Duration.ofSeconds(2))
                        .subscribe(ok -> { }, error -> LOG.fine(() -> "Cancel to " + serverId + " failed: " + error));
            }
            throw e;
        } finally {
            progress.unregister(progressToken);
            clients.unregister(progressToken);
            transport.done(progressToken);
        }
    }

    @Override
    public JsonObject readResource(String uri, Duration timeout) {
        return json.toObject(await(client.readResource(new McpSchema.ReadResourceRequest(uri)), timeout, "resources/read " + uri));
    }

    @Override
    public JsonObject getPrompt(String name, Map<String, String> arguments, Duration timeout) {
        Map<String, Object> args = new java.util.HashMap<>(arguments);
        return json.toObject(await(client.getPrompt(new McpSchema.GetPromptRequest(name, args)), timeout, "prompts/get " + name));
    }

    @Override
    public JsonObject complete(JsonObject request, Duration timeout) {
        McpSchema.CompleteRequest typed = mapper.convertValue(JsonPlain.toMap(request), McpSchema.CompleteRequest.class);
        return json.toObject(await(client.completeCompletion(typed), timeout, "completion/complete"));
    }

    @Override
    public void subscribe(String uri, Duration timeout) {
        await(client.subscribeResource(new McpSchema.SubscribeRequest(uri)), timeout, "resources/subscribe " + uri);
    }

    @Override
    public void unsubscribe(String uri, Duration timeout) {
        await(client.unsubscribeResource(new McpSchema.UnsubscribeRequest(uri)), timeout, "resources/unsubscribe " + uri);
    }

    @Override
    public Duration ping(Duration timeout) {
        long started = System.nanoTime();
        await(client.ping(), timeout, "ping");
        return Duration.ofNanos(System.nanoTime() - started);
    }

    @Override
    public void close() {
        try {
            client.closeGracefully().timeout(Duration.ofSeconds(2)).onErrorResume(e -> Mono.empty()).block();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Graceful close of " + serverId + " failed", e);
        } finally {
            try {
                client.close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Close of " + serverId + " failed", e);
            }
        }
    }

    private <T> T await(Mono<T> call, Duration timeout, String method) {
        try {
            return call.timeout(timeout).block();
        } catch (RuntimeException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof McpCallException own) {
                throw own;
            }
            if (causedByTimeout(cause)) {
                throw new McpCallException(method + " to " + serverId + " timed out after " + timeout.toMillis() + " ms", e, true);
            }
            if (cause instanceof McpError error && error.getJsonRpcError() != null) {
                throw new McpCallException(method + " to " + serverId + " failed: " + error.getJsonRpcError().message()
                        + " (JSON-RPC " + error.getJsonRpcError().code() + ")", e, McpCallException.Kind.PROTOCOL);
            }
            throw new McpCallException(method + " to " + serverId + " failed: " + describe(cause), e, false);
        }
    }

    /** The SDK sometimes wraps a timeout (e.g. "Client failed to initialize"); any timeout in the chain counts. */
    private static boolean causedByTimeout(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** block() wraps checked exceptions (e.g. TimeoutException); unwrap to see what really happened. */
    private static Throwable unwrap(Throwable e) {
        return reactor.core.Exceptions.unwrap(e);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        return message.lines().findFirst().orElse(message);
    }
}
