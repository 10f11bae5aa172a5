package dev.mcphybrid.mcp;

/** What a downstream server tells the gateway without being asked. Called on SDK threads: return quickly. */
public interface McpSessionListener {

    McpSessionListener NONE = new McpSessionListener() {
    };

    /** {@code notifications/tools/list_changed}, with the tool list the session re-read after it. */
    default void toolsChanged(java.util.List<ToolInfo> tools) {
    }

    /** {@code notifications/resources/updated} for a resource the gateway subscribed to, in the server's URI. */
    default void resourceUpdated(String uri) {
    }

    /** {@code notifications/message} */
    default void logMessage(String level, String logger, String message) {
    }

    /** The session ended without the gateway closing it, e.g. the stdio server process exited. */
    default void sessionLost(String reason) {
    }

    /** A line the stdio server process wrote to stderr. */
    default void stderrLine(String line) {
    }
}
