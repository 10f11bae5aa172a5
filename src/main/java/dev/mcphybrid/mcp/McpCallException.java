package dev.mcphybrid.mcp;

/** A downstream MCP call failed: transport error, JSON-RPC error or timeout. The message is safe to show. */
public class McpCallException extends RuntimeException {

    /** What went wrong, which decides the HTTP status a caller sees. */
    public enum Kind {
        /** No answer in time (504). */
        TIMEOUT,
        /** No session to the server (503). */
        UNAVAILABLE,
        /** The server answered with a JSON-RPC error (502). */
        PROTOCOL,
        /** The connection broke or could not be made (502). */
        TRANSPORT,
        /** The caller gave up on the call; the server was told to stop. */
        CANCELLED
    }

    private final Kind kind;

    public McpCallException(String message, Throwable cause, Kind kind) {
        super(message, cause);
        this.kind = kind;
    }

    public McpCallException(String message, Throwable cause, boolean timeout) {
        this(message, cause, timeout ? Kind.TIMEOUT : Kind.TRANSPORT);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isTimeout() {
        return kind == Kind.TIMEOUT;
    }
}
