package dev.mcphybrid.upstream;

import io.modelcontextprotocol.spec.McpStreamableServerSession;

/**
 * Hands the SDK session that an initialize request started, and the protocol version it negotiated, from the SDK's
 * session factory back to the filter that sent the request through the SDK's servlet. The SDK starts the session on
 * the thread that runs the servlet, so a thread-local carries it.
 */
final class SessionCapture implements AutoCloseable {

    private static final ThreadLocal<SessionCapture> CURRENT = new ThreadLocal<>();

    private volatile McpStreamableServerSession session;
    private volatile String protocolVersion;

    private SessionCapture() {
    }

    /** Captures what the initialize requests run on this thread until {@link #close()} start. */
    static SessionCapture begin() {
        SessionCapture capture = new SessionCapture();
        CURRENT.set(capture);
        return capture;
    }

    /** The capture of the request running on this thread, or {@code null}. */
    static SessionCapture current() {
        return CURRENT.get();
    }

    void started(McpStreamableServerSession session) {
        this.session = session;
    }

    void negotiated(String protocolVersion) {
        this.protocolVersion = protocolVersion;
    }

    McpStreamableServerSession session() {
        return session;
    }

    String protocolVersion() {
        return protocolVersion;
    }

    @Override
    public void close() {
        CURRENT.remove();
    }
}
