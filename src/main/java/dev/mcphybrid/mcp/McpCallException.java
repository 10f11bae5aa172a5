package dev.mcphybrid.mcp;

/** A downstream MCP call failed: transport error, JSON-RPC error or timeout. The message is safe to show. */
public class McpCallException extends RuntimeException {

    private final boolean timeout;

    public McpCallException(String message, Throwable cause, boolean timeout) {
        super(message, cause);
        this.timeout = timeout;
    }

    public boolean isTimeout() {
        return timeout;
    }
}
