package dev.mcphybrid.upstream;

import dev.mcphybrid.mcp.Cancellation;
import dev.mcphybrid.mcp.McpCallException;
import dev.mcphybrid.mcp.McpConnection;
import dev.mcphybrid.mcp.Progress;
import dev.mcphybrid.mcp.PromptInfo;
import dev.mcphybrid.mcp.ResourceInfo;
import dev.mcphybrid.mcp.ResourceTemplateInfo;
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
 * A server session that lists what a test says (tools, resources, templates, prompts), offers subscriptions and
 * records them, and answers nothing else.
 */
final class ListingServer implements McpConnection {

    final List<ToolInfo> tools;
    volatile List<ResourceInfo> resources = List.of();
    volatile List<ResourceTemplateInfo> templates = List.of();
    volatile List<PromptInfo> prompts = List.of();
    /** subscribe and unsubscribe requests received, e.g. "subscribe demo://r/1" */
    final List<String> subscriptions = new CopyOnWriteArrayList<>();
    /** When set, subscribing fails as a server refusing it would. */
    volatile boolean refuseSubscriptions;

    ListingServer(List<ToolInfo> tools) {
        this.tools = tools;
    }

    @Override
    public ServerHandshake initialize(Duration timeout) {
        return new ServerHandshake("listing", "1", "2025-11-25", Json.createObjectBuilder().add("tools", Json.createObjectBuilder())
                .add("resources", Json.createObjectBuilder().add("subscribe", true)).add("prompts", Json.createObjectBuilder()).build(), null);
    }

    @Override
    public List<ToolInfo> listTools(Duration timeout) {
        return tools;
    }

    @Override
    public List<ResourceInfo> listResources(Duration timeout) {
        return resources;
    }

    @Override
    public List<ResourceTemplateInfo> listResourceTemplates(Duration timeout) {
        return templates;
    }

    @Override
    public List<PromptInfo> listPrompts(Duration timeout) {
        return prompts;
    }

    @Override
    public void subscribe(String uri, Duration timeout) {
        if (refuseSubscriptions) {
            throw new McpCallException("resources/subscribe " + uri + " failed: refused", null, McpCallException.Kind.PROTOCOL);
        }
        subscriptions.add("subscribe " + uri);
    }

    @Override
    public void unsubscribe(String uri, Duration timeout) {
        subscriptions.add("unsubscribe " + uri);
    }

    @Override
    public ToolCallResult callTool(String name, JsonObject arguments, Duration timeout, String progressToken,
                                   Consumer<Progress> progress, Cancellation cancellation) {
        throw new AssertionError("not called here");
    }

    @Override
    public Duration ping(Duration timeout) {
        return Duration.ZERO;
    }

    @Override
    public void close() {
    }
}
