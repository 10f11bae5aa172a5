package dev.mcphybrid.upstream;

import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The SDK's Streamable HTTP transport as the SDK's server sees it, with one difference: every session the server's
 * factory starts is reported to the {@link SessionCapture} of the request that started it. The servlet itself is the
 * SDK's, unchanged; only the session factory is decorated, through the transport's public setter.
 */
final class SessionTrackingTransport implements McpStreamableServerTransportProvider {

    private final McpStreamableServerTransportProvider transport;

    SessionTrackingTransport(McpStreamableServerTransportProvider transport) {
        this.transport = transport;
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory factory) {
        transport.setSessionFactory(initializeRequest -> {
            McpStreamableServerSession.McpStreamableServerSessionInit init = factory.startSession(initializeRequest);
            SessionCapture capture = SessionCapture.current();
            if (capture == null) {
                return init;
            }
            capture.started(init.session());
            return new McpStreamableServerSession.McpStreamableServerSessionInit(init.session(),
                    init.initResult().doOnNext(result -> capture.negotiated(result.protocolVersion())));
        });
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return transport.notifyClients(method, params);
    }

    @Override
    public Mono<Void> notifyClient(String sessionId, String method, Object params) {
        return transport.notifyClient(sessionId, method, params);
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public Mono<Void> closeGracefully() {
        return transport.closeGracefully();
    }

    @Override
    public List<String> protocolVersions() {
        return transport.protocolVersions();
    }
}
