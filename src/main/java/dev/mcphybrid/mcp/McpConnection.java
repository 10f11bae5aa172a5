package dev.mcphybrid.mcp;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One live MCP client session to one downstream server. Implementations are thread-safe; every call blocks for at
 * most the given timeout and reports failure as {@link McpCallException}.
 */
public interface McpConnection extends AutoCloseable {

    /** Runs the initialize handshake; called once before anything else. */
    ServerHandshake initialize(Duration timeout);

    /** All tools, following pagination cursors to the end. */
    List<ToolInfo> listTools(Duration timeout);

    /** All resources, or an empty list when the server has no resources capability. */
    List<ResourceInfo> listResources(Duration timeout);

    /** All prompts, or an empty list when the server has no prompts capability. */
    List<PromptInfo> listPrompts(Duration timeout);

    /** All resource templates; called only when the server has the resources capability. */
    default List<ResourceTemplateInfo> listResourceTemplates(Duration timeout) {
        return List.of();
    }

    /**
     * {@code tools/call}. Progress notifications go to {@code progress} as they arrive. When {@code timeout} passes
     * the server is sent {@code notifications/cancelled} and {@link McpCallException#isTimeout()} is true; the same
     * when {@code cancellation} is triggered, and the call ends with {@link McpCallException.Kind#CANCELLED}.
     */
    ToolCallResult callTool(String name, JsonObject arguments, Duration timeout, String progressToken,
                            java.util.function.Consumer<Progress> progress, Cancellation cancellation);

    /**
     * {@code tools/call} as above, with the client the call came from: the server's sampling and elicitation requests
     * during the call are passed on to it ({@link ClientRequests}).
     */
    default ToolCallResult callTool(String name, JsonObject arguments, Duration timeout, String progressToken,
                                    java.util.function.Consumer<Progress> progress, Cancellation cancellation, ClientRequests client) {
        return callTool(name, arguments, timeout, progressToken, progress, cancellation);
    }

    /** {@code resources/read}: the result as the server sent it ({@code contents}). */
    default JsonObject readResource(String uri, Duration timeout) {
        throw new McpCallException("resources/read is not supported by this connection", null, McpCallException.Kind.PROTOCOL);
    }

    /** {@code prompts/get}: the result as the server sent it ({@code description}, {@code messages}). */
    default JsonObject getPrompt(String name, Map<String, String> arguments, Duration timeout) {
        throw new McpCallException("prompts/get is not supported by this connection", null, McpCallException.Kind.PROTOCOL);
    }

    /**
     * {@code completion/complete}: {@code request} as the client sent it, with the reference already in the server's
     * own names; the result ({@code completion}) as the server sent it.
     */
    default JsonObject complete(JsonObject request, Duration timeout) {
        throw new McpCallException("completion/complete is not supported by this connection", null, McpCallException.Kind.PROTOCOL);
    }

    /** {@code resources/subscribe}: the server then reports changes to {@link McpSessionListener#resourceUpdated}. */
    default void subscribe(String uri, Duration timeout) {
        throw new McpCallException("resources/subscribe is not supported by this connection", null, McpCallException.Kind.PROTOCOL);
    }

    /** {@code resources/unsubscribe}. */
    default void unsubscribe(String uri, Duration timeout) {
        throw new McpCallException("resources/unsubscribe is not supported by this connection", null, McpCallException.Kind.PROTOCOL);
    }

    /** MCP ping; returns the round trip. */
    Duration ping(Duration timeout);

    /** Closes the session and, for stdio, stops the process. Never throws. */
    @Override
    void close();
}
