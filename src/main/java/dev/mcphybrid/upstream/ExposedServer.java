package dev.mcphybrid.upstream;

import dev.mcphybrid.mcp.PromptInfo;
import dev.mcphybrid.mcp.ResourceInfo;
import dev.mcphybrid.mcp.ToolInfo;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.workflow.WorkflowDefinition;
import io.modelcontextprotocol.server.McpAsyncServer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One MCP server the gateway offers its clients (the whole catalogue at /mcp, or a virtual server), kept in step with
 * the connected downstream servers: features are added and removed as servers and their tools come and go, and the
 * SDK tells connected clients with list_changed notifications.
 */
final class ExposedServer {

    private static final Logger LOG = Logger.getLogger(ExposedServer.class.getName());
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final Predicate<String> includesTool;
    private final boolean withResourcesAndPrompts;
    private final McpAsyncServer server;
    private final UpstreamBridge bridge;
    /**
     * Exposed name → what it was built from; a changed tool (new schema, say) is replaced. Changed under this
     * object's lock; read without it by {@link #lists}, on every tools/call, so a sync (which waits on the SDK for
     * each change) never holds up a call.
     */
    private final Map<String, Object> tools = new ConcurrentHashMap<>();
    private final Map<String, Object> resources = new HashMap<>();
    private final Map<String, Object> prompts = new HashMap<>();

    ExposedServer(String name, Predicate<String> includesTool, boolean withResourcesAndPrompts, McpAsyncServer server, UpstreamBridge bridge) {
        this.name = name;
        this.includesTool = includesTool;
        this.withResourcesAndPrompts = withResourcesAndPrompts;
        this.server = server;
        this.bridge = bridge;
    }

    String name() {
        return name;
    }

    synchronized void sync(Collection<ManagedServer> downstream, Collection<WorkflowDefinition> workflows) {
        Map<String, Object> wantedTools = new HashMap<>();
        Map<String, Owned<ResourceInfo>> wantedResources = new HashMap<>();
        Map<String, Owned<PromptInfo>> wantedPrompts = new HashMap<>();
        for (ManagedServer managed : downstream) {
            if (!managed.isConnected()) {
                continue;
            }
            for (ToolInfo tool : managed.tools()) {
                String toolId = managed.id() + "." + tool.name();
                if (includesTool.test(toolId)) {
                    wantedTools.put(ExposedNames.tool(managed.id(), tool.name()), new ToolEntry(managed.id(), toolId, tool));
                }
            }
            if (withResourcesAndPrompts) {
                managed.resources().forEach(r -> wantedResources.put(ExposedNames.resource(managed.id(), r.uri()), new Owned<>(managed, r)));
                managed.prompts().forEach(p -> wantedPrompts.put(ExposedNames.prompt(managed.id(), p.name()), new Owned<>(managed, p)));
            }
        }
        for (WorkflowDefinition workflow : workflows) {
            if (includesTool.test(ExposedNames.WORKFLOW + "." + workflow.id())) {
                wantedTools.put(ExposedNames.workflow(workflow.id()), new WorkflowEntry(workflow.id(), workflow.source() + workflow.json(), workflow));
            }
        }
        boolean changed = apply(tools, wantedTools, key -> server.removeTool(key).block(CHANGE_TIMEOUT),
                (key, entry) -> server.addTool(entry instanceof WorkflowEntry workflow ? bridge.workflowTool(workflow.definition(), key)
                        : bridge.tool(((ToolEntry) entry).toolId(), key, ((ToolEntry) entry).tool())).block(CHANGE_TIMEOUT));
        if (withResourcesAndPrompts) {
            changed |= apply(resources, wantedResources, key -> server.removeResource(key).block(CHANGE_TIMEOUT),
                    (key, entry) -> server.addResource(bridge.resource(entry.server(), entry.info())).block(CHANGE_TIMEOUT));
            changed |= apply(prompts, wantedPrompts, key -> server.removePrompt(key).block(CHANGE_TIMEOUT),
                    (key, entry) -> server.addPrompt(bridge.prompt(entry.server(), entry.info())).block(CHANGE_TIMEOUT));
        }
        if (changed) {
            LOG.fine(() -> "MCP endpoint " + name + " now offers " + tools.size() + " tools, " + resources.size()
                    + " resources, " + prompts.size() + " prompts");
        }
    }

    private <E> boolean apply(Map<String, Object> current, Map<String, E> wanted, java.util.function.Consumer<String> remove,
                              java.util.function.BiConsumer<String, E> add) {
        boolean changed = false;
        for (String key : java.util.List.copyOf(current.keySet())) {
            if (!Objects.equals(current.get(key), wanted.get(key))) {
                changed |= quietly(() -> remove.accept(key), "remove " + key);
                current.remove(key);
            }
        }
        for (Map.Entry<String, E> entry : wanted.entrySet()) {
            if (!current.containsKey(entry.getKey()) && quietly(() -> add.accept(entry.getKey(), entry.getValue()), "add " + entry.getKey())) {
                current.put(entry.getKey(), entry.getValue());
                changed = true;
            }
        }
        return changed;
    }

    private boolean quietly(Runnable change, String what) {
        try {
            change.run();
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "MCP endpoint " + name + " could not " + what + ": " + e.getMessage());
            return false;
        }
    }

    /** Whether this endpoint lists a tool of that exposed name right now. */
    boolean lists(String exposedName) {
        return tools.containsKey(exposedName);
    }

    /** Whether this endpoint would list the tool {@code serverId.tool} while its server is connected. */
    boolean includes(String toolId) {
        return includesTool.test(toolId);
    }

    int toolCount() {
        synchronized (this) {
            return tools.size();
        }
    }

    void close() {
        server.close();
    }

    private record ToolEntry(String serverId, String toolId, ToolInfo tool) {
    }

    /** A workflow offered as a tool, compared by its definition as written: a changed definition is offered anew. */
    private record WorkflowEntry(String id, String written, WorkflowDefinition definition) {
        @Override
        public boolean equals(Object other) {
            return other instanceof WorkflowEntry that && that.id.equals(id) && that.written.equals(written);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, written);
        }
    }

    /** A resource or prompt of a server, compared by server id, not session: a reconnect keeps the feature. */
    private record Owned<T>(ManagedServer server, T info) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Owned<?> that && that.server.id().equals(server.id()) && that.info.equals(info);
        }

        @Override
        public int hashCode() {
            return Objects.hash(server.id(), info);
        }
    }
}
