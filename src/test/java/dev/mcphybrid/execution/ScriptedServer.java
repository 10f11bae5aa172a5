package dev.mcphybrid.execution;

import dev.mcphybrid.mcp.McpConnection;
import dev.mcphybrid.mcp.Progress;
import dev.mcphybrid.mcp.PromptInfo;
import dev.mcphybrid.mcp.ResourceInfo;
import dev.mcphybrid.mcp.ServerHandshake;
import dev.mcphybrid.mcp.ToolCallResult;
import dev.mcphybrid.mcp.ToolInfo;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An MCP session whose tools answer as a test scripts them: what each call received is kept, and {@link #answer}
 * decides the result (or throws as a failing server would).
 */
final class ScriptedServer implements McpConnection {

    interface Answer {
        ToolCallResult answer(String tool, JsonObject arguments, Duration timeout, Consumer<Progress> progress);
    }

    record Received(String tool, JsonObject arguments, Duration timeout) {
    }

    final List<ToolInfo> tools;
    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile Answer answer = (tool, arguments, timeout, progress) -> text("ok " + arguments, false);
    /** When set, a call answers only once cancelled, then fails as a connection does when its caller gives up. */
    volatile boolean cancellable;

    ScriptedServer(List<ToolInfo> tools) {
        this.tools = tools;
    }

    static ToolInfo tool(String name, String inputSchema, JsonObject annotations) {
        JsonObject schema = inputSchema == null ? null : Json.createReader(new java.io.StringReader(inputSchema)).readObject();
        return new ToolInfo(name, null, null, schema, null, annotations);
    }

    static ToolCallResult text(String text, boolean isError) {
        return new ToolCallResult(Json.createObjectBuilder()
                .add("content", Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "text").add("text", text)))
                .add("isError", isError).build(), isError);
    }

    @Override
    public ServerHandshake initialize(Duration timeout) {
        return new ServerHandshake("scripted", "1.0", "2025-11-25", Json.createObjectBuilder().add("tools", Json.createObjectBuilder()).build(), null);
    }

    @Override
    public List<ToolInfo> listTools(Duration timeout) {
        return tools;
    }

    @Override
    public List<ResourceInfo> listResources(Duration timeout) {
        return List.of();
    }

    @Override
    public List<PromptInfo> listPrompts(Duration timeout) {
        return List.of();
    }

    @Override
    public ToolCallResult callTool(String name, JsonObject arguments, Duration timeout, String progressToken, Consumer<Progress> progress,
                                   dev.mcphybrid.mcp.Cancellation cancellation) {
        received.add(new Received(name, arguments, timeout));
        ToolCallResult result = answer.answer(name, arguments, timeout, progress);
        if (cancellable) {
            String why = cancellation.whenCancelled().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
            throw new dev.mcphybrid.mcp.McpCallException("tools/call " + name + " cancelled: " + why, null,
                    dev.mcphybrid.mcp.McpCallException.Kind.CANCELLED);
        }
        return result;
    }

    @Override
    public Duration ping(Duration timeout) {
        return Duration.ofMillis(1);
    }

    @Override
    public void close() {
    }
}
