package dev.mcphybrid.upstream;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.execution.ToolId;
import dev.mcphybrid.mcp.PromptInfo;
import dev.mcphybrid.mcp.ResourceInfo;
import dev.mcphybrid.mcp.ResourceTemplateInfo;
import dev.mcphybrid.mcp.SdkConnectionFactory;
import dev.mcphybrid.mcp.ToolInfo;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.workflow.WorkflowDefinition;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * What one MCP server the gateway offers its clients (the whole catalogue at /mcp, or a virtual server) lists right
 * now, kept in step with the connected downstream servers and the workflows. Each sync swaps in a new immutable
 * listing, and a kind of feature (tools, resources, prompts) whose listing changed is announced to the clients once,
 * however many of its entries changed.
 */
final class ExposedServer {

    private static final Logger LOG = Logger.getLogger(ExposedServer.class.getName());
    private static final McpJsonMapper MAPPER = SdkConnectionFactory.jsonMapper();

    private final String name;
    private final Predicate<String> includesTool;
    private final boolean withResourcesAndPrompts;
    private volatile Listing listing = Listing.EMPTY;
    private volatile Consumer<String> listChanged = method -> { };

    /**
     * @param includesTool            which tool ids ({@code serverId.tool}, {@code workflow.id}) this server offers
     * @param withResourcesAndPrompts whether it offers the downstream servers' resources and prompts too
     */
    ExposedServer(String name, Predicate<String> includesTool, boolean withResourcesAndPrompts) {
        this.name = name;
        this.includesTool = includesTool;
        this.withResourcesAndPrompts = withResourcesAndPrompts;
    }

    String name() {
        return name;
    }

    boolean withResourcesAndPrompts() {
        return withResourcesAndPrompts;
    }

    /** Where list_changed notifications go: the method name, once per changed kind of feature. */
    void onListChanged(Consumer<String> notifier) {
        this.listChanged = notifier;
    }

    Listing listing() {
        return listing;
    }

    synchronized void sync(Collection<ManagedServer> downstream, Collection<WorkflowDefinition> workflows) {
        Listing before = listing;
        Map<String, OfferedTool> tools = new LinkedHashMap<>();
        Map<String, Offered<McpSchema.Resource>> resources = new LinkedHashMap<>();
        Map<String, Offered<McpSchema.ResourceTemplate>> templates = new LinkedHashMap<>();
        Map<String, Offered<McpSchema.Prompt>> prompts = new LinkedHashMap<>();
        for (ManagedServer managed : downstream) {
            if (!managed.isConnected()) {
                continue;
            }
            String serverId = managed.id();
            for (ToolInfo tool : managed.tools()) {
                String toolId = serverId + "." + tool.name();
                if (includesTool.test(toolId)) {
                    String exposed = ExposedNames.tool(serverId, tool.name());
                    OfferedTool was = before.tools.get(exposed);
                    tools.put(exposed, was != null && tool.equals(was.source()) ? was
                            : new OfferedTool(toolOf(exposed, tool), ToolId.parse(toolId), null, tool));
                }
            }
            if (withResourcesAndPrompts) {
                for (ResourceInfo resource : managed.resources()) {
                    String uri = ExposedNames.resource(serverId, resource.uri());
                    resources.put(uri, reuse(before.resources.get(uri), managed, resource.uri(), resource, () -> resourceOf(uri, serverId, resource)));
                }
                for (ResourceTemplateInfo template : managed.resourceTemplates()) {
                    String uri = ExposedNames.resourceTemplate(serverId, template.uriTemplate());
                    templates.put(uri, reuse(before.templates.get(uri), managed, template.uriTemplate(), template, () -> templateOf(uri, serverId, template)));
                }
                for (PromptInfo prompt : managed.prompts()) {
                    String exposed = ExposedNames.prompt(serverId, prompt.name());
                    prompts.put(exposed, reuse(before.prompts.get(exposed), managed, prompt.name(), prompt, () -> promptOf(exposed, prompt)));
                }
            }
        }
        for (WorkflowDefinition workflow : workflows) {
            if (includesTool.test(ExposedNames.WORKFLOW + "." + workflow.id())) {
                String exposed = ExposedNames.workflow(workflow.id());
                String written = workflow.source() + workflow.json();
                OfferedTool was = before.tools.get(exposed);
                tools.put(exposed, was != null && written.equals(was.source()) ? was
                        : new OfferedTool(workflowToolOf(exposed, workflow), null, workflow, written));
            }
        }
        Listing now = new Listing(Map.copyOf(tools), Map.copyOf(resources), Map.copyOf(templates), Map.copyOf(prompts));
        listing = now;
        boolean toolsChanged = !now.tools.equals(before.tools);
        boolean resourcesChanged = !now.resources.equals(before.resources) || !now.templates.equals(before.templates);
        boolean promptsChanged = !now.prompts.equals(before.prompts);
        if (toolsChanged) {
            listChanged.accept(McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED);
        }
        if (resourcesChanged) {
            listChanged.accept(McpSchema.METHOD_NOTIFICATION_RESOURCES_LIST_CHANGED);
        }
        if (promptsChanged) {
            listChanged.accept(McpSchema.METHOD_NOTIFICATION_PROMPTS_LIST_CHANGED);
        }
        if (toolsChanged || resourcesChanged || promptsChanged) {
            LOG.fine(() -> "MCP endpoint " + name + " now offers " + now.tools.size() + " tools, " + now.resources.size()
                    + " resources, " + now.templates.size() + " resource templates, " + now.prompts.size() + " prompts");
        }
    }

    /** Whether this endpoint lists a tool of that exposed name right now. */
    boolean lists(String exposedName) {
        return listing.tools.containsKey(exposedName);
    }

    /** Whether this endpoint would list the tool {@code serverId.tool} while its server is connected. */
    boolean includes(String toolId) {
        return includesTool.test(toolId);
    }

    /** Whether this endpoint offers anything of that downstream server: its log lines go to its clients then. */
    boolean offersServer(String serverId) {
        return withResourcesAndPrompts || listing.tools.values().stream()
                .anyMatch(tool -> tool.toolId() != null && serverId.equals(tool.toolId().server()));
    }

    int toolCount() {
        return listing.tools.size();
    }

    private static <I, T> Offered<T> reuse(Offered<T> was, ManagedServer server, String downstream, I info, java.util.function.Supplier<T> make) {
        return was != null && was.server().id().equals(server.id()) && info.equals(was.source()) ? was
                : new Offered<>(make.get(), server, downstream, info);
    }

    private static McpSchema.Tool toolOf(String exposedName, ToolInfo info) {
        return read(new FeatureJson().add("name", exposedName)
                .add("inputSchema", info.inputSchema() == null ? JSON.createObjectBuilder().add("type", "object").build() : info.inputSchema())
                .addIfPresent("title", info.title())
                .addIfPresent("description", info.description())
                .addIfPresent("outputSchema", info.outputSchema())
                .addIfPresent("annotations", info.annotations()).json(), McpSchema.Tool.class);
    }

    private static McpSchema.Tool workflowToolOf(String exposedName, WorkflowDefinition definition) {
        String chain = String.join(" -> ", definition.steps().stream().map(s -> s.id() + " (" + s.tool() + ")").toList());
        return read(new FeatureJson().add("name", exposedName)
                .add("inputSchema", definition.inputSchema())
                .add("title", "Workflow " + definition.id())
                .add("description", (definition.description() == null ? "" : definition.description() + ". ")
                        + "Workflow of " + definition.steps().size() + " steps: " + chain
                        + ". Answers the run's id, status, output and steps; one progress notification per step.").json(), McpSchema.Tool.class);
    }

    private static McpSchema.Resource resourceOf(String exposedUri, String serverId, ResourceInfo info) {
        return read(new FeatureJson().add("uri", exposedUri)
                .add("name", info.name() == null ? info.uri() : info.name())
                .addIfPresent("title", info.title())
                .add("description", "[" + serverId + "] " + (info.description() == null ? info.uri() : info.description()))
                .addIfPresent("mimeType", info.mimeType()).json(), McpSchema.Resource.class);
    }

    private static McpSchema.ResourceTemplate templateOf(String exposedTemplate, String serverId, ResourceTemplateInfo info) {
        return read(new FeatureJson().add("uriTemplate", exposedTemplate)
                .add("name", info.name() == null ? info.uriTemplate() : info.name())
                .addIfPresent("title", info.title())
                .add("description", "[" + serverId + "] " + (info.description() == null ? info.uriTemplate() : info.description()))
                .addIfPresent("mimeType", info.mimeType()).json(), McpSchema.ResourceTemplate.class);
    }

    private static McpSchema.Prompt promptOf(String exposedName, PromptInfo info) {
        return read(new FeatureJson().add("name", exposedName)
                .addIfPresent("title", info.title())
                .addIfPresent("description", info.description())
                .addIfPresent("arguments", info.arguments()).json(), McpSchema.Prompt.class);
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("cannot map " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Everything listed at one moment, by exposed name (tools, prompts) or URI (resources, templates). */
    record Listing(Map<String, OfferedTool> tools, Map<String, Offered<McpSchema.Resource>> resources,
                   Map<String, Offered<McpSchema.ResourceTemplate>> templates, Map<String, Offered<McpSchema.Prompt>> prompts) {
        static final Listing EMPTY = new Listing(Map.of(), Map.of(), Map.of(), Map.of());
    }

    /**
     * A tool as clients see it: a downstream tool ({@code toolId}) or a workflow; {@code source} is what it was made
     * from, so an unchanged tool keeps its listing and a changed one (a new schema, say) is listed anew.
     */
    record OfferedTool(McpSchema.Tool tool, ToolId toolId, WorkflowDefinition workflow, Object source) {
        @Override
        public boolean equals(Object other) {
            return other instanceof OfferedTool that && Objects.equals(that.source, source) && Objects.equals(that.toolId, toolId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(source, toolId);
        }
    }

    /**
     * A resource, template or prompt of one downstream server, with its name there ({@code downstream}); compared by
     * server id and source, not session: a reconnect keeps the feature.
     */
    record Offered<T>(T feature, ManagedServer server, String downstream, Object source) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Offered<?> that && that.server.id().equals(server.id()) && Objects.equals(that.source, source);
        }

        @Override
        public int hashCode() {
            return Objects.hash(server.id(), source);
        }
    }
}
