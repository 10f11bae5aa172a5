package dev.mcphybrid.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Wraps a client transport to remember the JSON-RPC id of every {@code tools/call} by its progress token, so a
 * call the gateway gives up on can be cancelled with {@code notifications/cancelled}: the SDK sends none itself.
 * It also hands messages to the transport one at a time: the SDK's stdio transport emits into a Reactor sink
 * that fails ("Failed to enqueue message") when many threads send at once.
 */
final class CancellingTransport implements McpClientTransport {

    private final McpClientTransport delegate;
    private final Map<Object, Object> requestIds = new ConcurrentHashMap<>();
    private final Object sendLock = new Object();

    CancellingTransport(McpClientTransport delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCRequest request && request.params() instanceof McpSchema.CallToolRequest call
                && call.meta() != null && call.meta().get("progressToken") != null) {
            requestIds.put(call.meta().get("progressToken"), request.id());
        }
        synchronized (sendLock) {
            return delegate.sendMessage(message);
        }
    }

    /** Tells the server to stop the call with this progress token; a no-op when it already finished. */
    Mono<Void> cancel(Object progressToken, String reason) {
        Object id = requestIds.remove(progressToken);
        if (id == null) {
            return Mono.empty();
        }
        return sendMessage(new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, "notifications/cancelled",
                Map.of("requestId", id, "reason", reason)));
    }

    /** Forgets a finished call. */
    void done(Object progressToken) {
        requestIds.remove(progressToken);
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return delegate.connect(handler);
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        delegate.setExceptionHandler(handler);
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions(); // the SSE transport speaks only 2024-11-05
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return delegate.unmarshalFrom(data, typeRef);
    }
}
