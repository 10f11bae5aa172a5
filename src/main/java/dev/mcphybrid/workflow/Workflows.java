package dev.mcphybrid.workflow;

import dev.mcphybrid.common.CoalescedTask;
import dev.mcphybrid.execution.ExecutionSettings;
import dev.mcphybrid.execution.ToolId;
import dev.mcphybrid.mcp.ToolInfo;
import dev.mcphybrid.persistence.DatabaseMigration;
import dev.mcphybrid.problem.Problem;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.workflow.entity.StoredWorkflow;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The workflow definitions: one file per workflow in {@code gateway.workflows.dir} ({@code <id>.yml}, {@code .yaml}
 * or {@code .json}), read again every {@code gateway.workflows.reload-ms} like the server catalogue, and those made
 * through the API (kept in the database, so every instance of a cluster has them). A file that does not parse is
 * left out and its problems are logged and shown by {@link #fileProblems()}; an id of a file cannot be changed
 * through the API.
 */
@ApplicationScoped
public class Workflows {

    private static final Logger LOG = Logger.getLogger(Workflows.class.getName());

    @Inject
    WorkflowSettings settings;

    @Inject
    ExecutionSettings execution;

    @Inject
    ServerRegistry registry;

    @Inject
    RunStore store;

    @Inject
    Event<WorkflowsChanged> changed;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile Map<String, WorkflowDefinition> definitions = Map.of();
    private volatile Map<String, List<String>> fileProblems = Map.of();
    private ScheduledFuture<?> reloads;

    /** After the migrations and the catalogue (whose servers the definitions' tools are checked against). */
    void onStartup(@Observes @Priority(DatabaseMigration.STARTUP_PRIORITY + 30) Startup startup) {
        reloadQuietly();
        long every = settings.reload().toMillis();
        reloads = scheduler.scheduleWithFixedDelay(this::reloadQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (reloads != null) {
            reloads.cancel(false);
        }
    }

    public Collection<WorkflowDefinition> all() {
        return definitions.values();
    }

    public Optional<WorkflowDefinition> find(String id) {
        return Optional.ofNullable(id == null ? null : definitions.get(id));
    }

    /** Files that could not be used, with their problems. */
    public Map<String, List<String>> fileProblems() {
        return fileProblems;
    }

    /** A parser that checks tools against the registry as it is now. */
    public WorkflowParser parser() {
        return new WorkflowParser(this::toolProblem, execution.maxTimeout());
    }

    /**
     * Creates or replaces a definition of the API.
     *
     * @throws InvalidWorkflowException with every problem
     * @throws IllegalStateException when a file defines that id
     */
    public WorkflowDefinition save(String id, String text, String principal) {
        WorkflowDefinition definition = parser().parseText(text, "api", id);
        WorkflowDefinition existing = definitions.get(definition.id());
        if (existing != null && !existing.fromApi()) {
            throw new IllegalStateException("Workflow '" + definition.id() + "' is defined by the file " + existing.source()
                    + "; change the file instead");
        }
        store.saveDefinition(definition.id(), definition.json().toString(), principal);
        reload();
        return definitions.getOrDefault(definition.id(), definition);
    }

    /** @return false when no definition of the API has this id */
    public boolean delete(String id) {
        WorkflowDefinition existing = definitions.get(id);
        if (existing != null && !existing.fromApi()) {
            throw new IllegalStateException("Workflow '" + Problem.quote(id) + "' is defined by the file " + existing.source()
                    + "; remove the file instead");
        }
        boolean deleted = store.deleteDefinition(id);
        reload();
        return deleted;
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.warning(() -> "Workflow definitions not read again: " + e);
        }
    }

    /** Reads the files and the stored definitions; tells the MCP endpoints when the set changed. */
    public synchronized void reload() {
        Map<String, WorkflowDefinition> next = new TreeMap<>();
        Map<String, List<String>> problems = new TreeMap<>();
        WorkflowParser parser = parser();
        try {
            for (StoredWorkflow stored : store.definitions()) {
                try {
                    next.put(stored.id, parser.parseText(stored.definition, "api", stored.id));
                } catch (InvalidWorkflowException e) {
                    // valid when stored; a tool that is gone now makes it unusable until fixed
                    problems.put("api:" + stored.id, e.problems());
                }
            }
        } catch (RuntimeException e) {
            // the database is away: keep the API's definitions as they were
            definitions.values().stream().filter(WorkflowDefinition::fromApi).forEach(d -> next.put(d.id(), d));
        }
        for (Path file : files()) {
            String name = file.getFileName().toString();
            String id = name.substring(0, name.lastIndexOf('.'));
            try {
                WorkflowDefinition definition = parser.parseText(Files.readString(file), file.toString(), id);
                next.put(definition.id(), definition); // a file wins over the API
            } catch (InvalidWorkflowException e) {
                problems.put(file.toString(), e.problems());
            } catch (IOException e) {
                problems.put(file.toString(), List.of("cannot read: " + e.getMessage()));
            }
        }
        if (!problems.equals(fileProblems)) {
            problems.forEach((source, list) -> LOG.warning(() -> "Workflow " + source + " is not used: " + String.join("; ", list)));
        }
        fileProblems = Map.copyOf(problems);
        boolean differs = !json(next).equals(json(definitions));
        definitions = Map.copyOf(next);
        if (differs) {
            LOG.info(() -> "Workflows: " + String.join(", ", next.keySet()));
            changed.fireAsync(new WorkflowsChanged(next.size()));
        }
    }

    private static Map<String, String> json(Map<String, WorkflowDefinition> definitions) {
        Map<String, String> out = new TreeMap<>();
        definitions.forEach((id, d) -> out.put(id, d.source() + d.json()));
        return out;
    }

    private List<Path> files() {
        Path dir = settings.dir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> p.getFileName().toString().matches("[A-Za-z][A-Za-z0-9_-]{0,63}\\.(ya?ml|json)"))
                    .sorted().toList();
        } catch (IOException e) {
            LOG.warning(() -> "Cannot list " + dir + ": " + e);
            return List.of();
        }
    }

    /** What is wrong with a tool id as far as the registry knows now; nothing when its server is not connected. */
    Optional<String> toolProblem(String toolId) {
        ToolId id = ToolId.parse(toolId);
        if (!id.named()) {
            return Optional.of("'" + Problem.quote(toolId) + "' is not a tool id (serverId.toolName)");
        }
        Optional<ManagedServer> server = registry.find(id.server());
        if (server.isEmpty()) {
            return Optional.of("unknown tool '" + Problem.quote(toolId) + "': no server '" + Problem.quote(id.server()) + "'");
        }
        if (server.get().isConnected() && server.get().tool(id.tool()).isEmpty()) {
            return Optional.of("unknown tool '" + Problem.quote(toolId) + "': server " + id.server() + " has no tool '"
                    + Problem.quote(id.tool()) + "'");
        }
        return Optional.empty();
    }

    /** Whether the tool says it is idempotent ({@code idempotentHint}); empty while its server is not connected. */
    Optional<Boolean> idempotentTool(String toolId) {
        ToolId id = ToolId.parse(toolId);
        Optional<ManagedServer> server = id.named() ? registry.find(id.server()) : Optional.empty();
        if (server.isEmpty()) {
            return Optional.of(false);
        }
        if (!server.get().isConnected()) {
            return Optional.empty();
        }
        Optional<ToolInfo> tool = server.get().tool(id.tool());
        return Optional.of(tool.map(ToolInfo::annotations).map(a -> a.getBoolean("idempotentHint", false)).orElse(false));
    }

    static List<String> ids(Collection<WorkflowDefinition> definitions) {
        List<String> ids = new ArrayList<>();
        definitions.forEach(d -> ids.add(d.id()));
        return ids;
    }
}
