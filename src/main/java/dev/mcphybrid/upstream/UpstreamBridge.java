package dev.mcphybrid.upstream;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.common.JsonPlain;
import dev.mcphybrid.execution.CallerInfo;
import dev.mcphybrid.telemetry.CallTracing;
import dev.mcphybrid.telemetry.Phase;
import dev.mcphybrid.execution.ExecutionFailure;
import dev.mcphybrid.execution.ExecutionResponse;
import dev.mcphybrid.execution.ExecutionSettings;
import dev.mcphybrid.execution.ToolCall;
import dev.mcphybrid.execution.ToolExecutor;
import dev.mcphybrid.execution.ToolId;
import dev.mcphybrid.mcp.Cancellation;
import dev.mcphybrid.mcp.McpCallException;
import dev.mcphybrid.mcp.Progress;
import dev.mcphybrid.mcp.PromptInfo;
import dev.mcphybrid.mcp.ResourceInfo;
import dev.mcphybrid.mcp.SdkConnectionFactory;
import dev.mcphybrid.mcp.ToolInfo;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.security.Caller;
import dev.mcphybrid.security.Role;
import dev.mcphybrid.security.SecretMask;
import dev.mcphybrid.workflow.InvalidInputException;
import dev.mcphybrid.workflow.RunHandle;
import dev.mcphybrid.workflow.RunView;
import dev.mcphybrid.workflow.StepListener;
import dev.mcphybrid.workflow.WorkflowDefinition;
import dev.mcphybrid.workflow.WorkflowEngine;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.logging.Logger;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Turns the gateway's downstream tools, resources and prompts into MCP server features. A tools/call goes through
 * {@link ToolExecutor} exactly like a REST execution: validation, access policy, rate limit, audit and events.
 */
@ApplicationScoped
public class UpstreamBridge {

    static final String CALLER = "mcp-hybrid.caller";
    static final String ADDRESS = "mcp-hybrid.address";
    static final String AGENT = "mcp-hybrid.agent";
    /** The trace of the HTTP request that carried the message (CallTracing.httpContext), when there is one. */
    static final String TRACE = "mcp-hybrid.trace";
    /** JSON-RPC codes for refusals that are not the caller's input (the -32000..-32099 range is the server's). */
    static final int FORBIDDEN = -32003;
    static final int RATE_LIMITED = -32029;

    private static final Duration DOWNSTREAM_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(UpstreamBridge.class.getName());

    @Inject
    ToolExecutor executor;

    @Inject
    dev.mcphybrid.security.Callers callers;

    @Inject
    SecretMask secretMask;

    @Inject
    ExecutionSettings settings;

    @Inject
    RunningCalls running;

    @Inject
    WorkflowEngine workflows;

    @Inject
    CallTracing tracing;

    private final McpJsonMapper mapper = SdkConnectionFactory.jsonMapper();

    /** What a tool handler needs to know about the HTTP request that carried the MCP message. */
    public McpTransportContext context(HttpServletRequest request) {
        Map<String, Object> values = new HashMap<>();
        values.put(CALLER, callers.of(request.getUserPrincipal(), request::isUserInRole));
        values.put(ADDRESS, request.getRemoteAddr());
        String agent = request.getHeader("User-Agent");
        if (agent != null) {
            values.put(AGENT, agent);
        }
        if (request.getAttribute(RunningCalls.CALL_KEY) instanceof String call) {
            values.put(RunningCalls.CALL_KEY, call);
        }
        Object trace = tracing.httpContext(request.getHeader("traceparent"), request.getHeader("tracestate"));
        if (trace != null) {
            values.put(TRACE, trace);
        }
        return McpTransportContext.create(values);
    }

    McpServerFeatures.AsyncToolSpecification tool(String toolId, String exposedName, ToolInfo info) {
        FeatureJson tool = new FeatureJson().add("name", exposedName)
                .add("inputSchema", info.inputSchema() == null ? JSON.createObjectBuilder().add("type", "object").build() : info.inputSchema())
                .addIfPresent("title", info.title())
                .addIfPresent("description", info.description())
                .addIfPresent("outputSchema", info.outputSchema())
                .addIfPresent("annotations", info.annotations());
        return McpServerFeatures.AsyncToolSpecification.builder()
                .tool(read(tool.json(), McpSchema.Tool.class))
                .callHandler((exchange, request) -> Mono.fromCallable(() -> call(ToolId.parse(toolId), exchange, request))
                        .subscribeOn(Schedulers.boundedElastic()))
                .build();
    }

    private McpSchema.CallToolResult call(ToolId toolId, McpAsyncServerExchange exchange, McpSchema.CallToolRequest request) {
        McpTransportContext context = exchange.transportContext();
        Caller caller = context.get(CALLER) instanceof Caller c ? c : new Caller(Caller.ANONYMOUS, java.util.Set.of());
        CallerInfo info = new CallerInfo(caller, (String) context.get(ADDRESS), agent(context, exchange), "mcp-" + UUID.randomUUID());
        String key = context.get(RunningCalls.CALL_KEY) instanceof String k ? k : null;
        Cancellation cancellation = key == null ? Cancellation.none() : running.start(key);
        try (Phase span = tracing.mcpRequest("tools/call", request.name(), request.meta(), context.get(TRACE), exchange.sessionId())) {
            return traced(span, () -> answer(new ToolCall(toolId, arguments(request), settings.defaultTimeout(), info,
                    progressTo(exchange, request.progressToken()), cancellation)));
        } finally {
            if (key != null) {
                running.end(key, cancellation);
            }
        }
    }

    /** The answer, with its failure (a JSON-RPC error, or a tool's own error result) on the server span. */
    private static McpSchema.CallToolResult traced(Phase span, java.util.function.Supplier<McpSchema.CallToolResult> call) {
        try {
            McpSchema.CallToolResult result = call.get();
            if (Boolean.TRUE.equals(result.isError())) {
                span.failed("tool_error", null);
            }
            return result;
        } catch (McpError e) {
            span.failed(e.getJsonRpcError() == null ? "internal" : String.valueOf(e.getJsonRpcError().code()), e.getMessage());
            throw e;
        }
    }

    /** A workflow as one tool: a call runs the whole chain and answers when the run has ended. */
    McpServerFeatures.AsyncToolSpecification workflowTool(WorkflowDefinition definition, String exposedName) {
        String chain = String.join(" -> ", definition.steps().stream().map(s -> s.id() + " (" + s.tool() + ")").toList());
        FeatureJson tool = new FeatureJson().add("name", exposedName)
                .add("inputSchema", definition.inputSchema())
                .add("title", "Workflow " + definition.id())
                .add("description", (definition.description() == null ? "" : definition.description() + ". ")
                        + "Workflow of " + definition.steps().size() + " steps: " + chain
                        + ". Answers the run's id, status, output and steps; one progress notification per step.");
        return McpServerFeatures.AsyncToolSpecification.builder()
                .tool(read(tool.json(), McpSchema.Tool.class))
                .callHandler((exchange, request) -> Mono.fromCallable(() -> runWorkflow(definition, exchange, request))
                        .subscribeOn(Schedulers.boundedElastic()))
                .build();
    }

    private McpSchema.CallToolResult runWorkflow(WorkflowDefinition definition, McpAsyncServerExchange exchange,
                                                 McpSchema.CallToolRequest request) {
        McpTransportContext context = exchange.transportContext();
        Caller caller = context.get(CALLER) instanceof Caller c ? c : new Caller(Caller.ANONYMOUS, java.util.Set.of());
        if (!caller.has(Role.OPERATOR)) {
            throw McpError.builder(FORBIDDEN).message("Forbidden: running a workflow needs the operator role").build();
        }
        CallerInfo info = new CallerInfo(caller, (String) context.get(ADDRESS), agent(context, exchange), "mcp-" + UUID.randomUUID());
        String key = context.get(RunningCalls.CALL_KEY) instanceof String k ? k : null;
        Cancellation cancellation = key == null ? Cancellation.none() : running.start(key);
        // the request's own span; a run outlives its request (and may move to another instance), so its steps are not tied to it
        try (Phase span = tracing.mcpRequest("tools/call", request.name(), request.meta(), context.get(TRACE), exchange.sessionId())) {
            RunHandle handle;
            try {
                handle = workflows.start(definition, arguments(request), info, stepsTo(exchange, request.progressToken()));
            } catch (InvalidInputException e) {
                throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(e.getMessage() + ": " + String.join("; ", e.violations()))
                        .data(Map.of("violations", e.violations())).build();
            }
            cancellation.whenCancelled().thenAccept(why -> workflows.cancel(handle.runId(), caller.name()));
            RunView run = awaitEnd(handle);
            return mapper.convertValue(JsonPlain.toMap(WorkflowAnswers.result(run)), McpSchema.CallToolResult.class);
        } finally {
            if (key != null) {
                running.end(key, cancellation);
            }
        }
    }

    /** The run's end; looked up in the database now and then, in case the run moved to another instance meanwhile. */
    private RunView awaitEnd(RunHandle handle) {
        while (true) {
            try {
                return handle.end().get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                java.util.Optional<RunView> now = workflows.view(handle.runId());
                if (now.isPresent() && now.get().status().finished()) {
                    return now.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message("interrupted while run " + handle.runId() + " goes on").build();
            } catch (java.util.concurrent.ExecutionException e) {
                throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message("run " + handle.runId() + ": " + e.getCause()).build();
            }
        }
    }

    /**
     * One progress notification per ended step, under the client's token; nothing when it asked for none. Each is sent
     * before the run goes on (a second at most), so the last one is on its way before the answer.
     */
    private static StepListener stepsTo(McpAsyncServerExchange exchange, Object token) {
        if (token == null) {
            return null;
        }
        return (stepId, status, ended, total) -> {
            try {
                exchange.progressNotification(new McpSchema.ProgressNotification(token, ended, (double) total,
                        "step " + stepId + " " + status)).block(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                LOG.fine(() -> "Progress notification to the client failed: " + e);
            }
        };
    }

    /**
     * A {@code tools/call} naming a tool the endpoint does not list, answered by the gateway rather than the SDK
     * (whose answer would be "Unknown tool: invalid_tool_name"): through the executor like any call, so a tool of a
     * server that is down is an audited {@code isError} result saying so, and a tool nobody offers is an error
     * naming it.
     *
     * @throws McpError for a refusal, as the SDK would send it
     */
    McpSchema.CallToolResult callUnlisted(ToolId toolId, String exposedName, JsonObject arguments, JsonObject meta,
                                          HttpServletRequest request) {
        McpTransportContext context = context(request);
        Caller caller = (Caller) context.get(CALLER);
        CallerInfo info = new CallerInfo(caller, request.getRemoteAddr(), request.getHeader("User-Agent"), "mcp-" + UUID.randomUUID());
        try (Phase span = tracing.mcpRequest("tools/call", exposedName, meta == null ? null : JsonPlain.toMap(meta), context.get(TRACE),
                request.getHeader("Mcp-Session-Id"))) {
            return traced(span, () -> answer(new ToolCall(toolId, arguments, settings.defaultTimeout(), info)));
        }
    }

    /** Runs a call through the executor and gives its outcome as MCP answers it: a result, or an McpError thrown. */
    private McpSchema.CallToolResult answer(ToolCall call) {
        try {
            ExecutionResponse response = executor.execute(call);
            return mapper.convertValue(JsonPlain.toMap(response.result()), McpSchema.CallToolResult.class);
        } catch (ExecutionFailure e) {
            return failure(e);
        }
    }

    /**
     * The downstream server's progress, sent to the client under the client's own token (which also keeps the
     * client's request timeout alive); nothing when the client asked for none.
     */
    private static Consumer<Progress> progressTo(McpAsyncServerExchange exchange, Object token) {
        if (token == null) {
            return null;
        }
        return progress -> exchange.progressNotification(new McpSchema.ProgressNotification(token, progress.progress(),
                        progress.total(), progress.message()))
                .subscribe(sent -> { }, error -> LOG.fine(() -> "Progress notification to the client failed: " + error));
    }

    /** The SDK has parsed the arguments into maps and lists already; JSON-P builds its tree from those directly. */
    private static JsonObject arguments(McpSchema.CallToolRequest request) {
        if (request.arguments() == null) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try {
            return JSON.createObjectBuilder(request.arguments()).build();
        } catch (IllegalArgumentException e) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("arguments are not a JSON object").build();
        }
    }

    /**
     * Refusals of the request itself are JSON-RPC errors; a tool that could not run (server down, timed out) is a
     * result with isError, which is how MCP tells a model that a tool failed.
     */
    private static McpSchema.CallToolResult failure(ExecutionFailure e) {
        switch (e.reason()) {
            case BAD_REQUEST, INVALID_ARGUMENTS, UNKNOWN_TOOL -> throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                    .message(e.describe()).data(e.violations().isEmpty() ? Map.of() : Map.of("violations", e.violations())).build();
            case FORBIDDEN -> throw McpError.builder(FORBIDDEN).message("Forbidden: " + e.detail()).build();
            case RATE_LIMITED -> throw McpError.builder(RATE_LIMITED).message(e.detail())
                    .data(Map.of("retryAfterSeconds", e.retryAfterSeconds() == null ? 1 : e.retryAfterSeconds())).build();
            default -> {
                return McpSchema.CallToolResult.builder().isError(true).addTextContent(e.detail()).build();
            }
        }
    }

    McpServerFeatures.AsyncResourceSpecification resource(ManagedServer server, ResourceInfo info) {
        FeatureJson resource = new FeatureJson()
                .add("uri", ExposedNames.resource(server.id(), info.uri()))
                .add("name", info.name() == null ? info.uri() : info.name())
                .addIfPresent("title", info.title())
                .add("description", "[" + server.id() + "] " + (info.description() == null ? info.uri() : info.description()))
                .addIfPresent("mimeType", info.mimeType());
        return new McpServerFeatures.AsyncResourceSpecification(read(resource.json(), McpSchema.Resource.class),
                (exchange, request) -> Mono.fromCallable(() -> {
                    requireOperator(exchange);
                    JsonObject result = downstream(() -> server.readResource(info.uri(), DOWNSTREAM_TIMEOUT));
                    return read(secretMask.mask(result).toString(), McpSchema.ReadResourceResult.class);
                }).subscribeOn(Schedulers.boundedElastic()));
    }

    McpServerFeatures.AsyncPromptSpecification prompt(ManagedServer server, PromptInfo info) {
        FeatureJson prompt = new FeatureJson().add("name", ExposedNames.prompt(server.id(), info.name()))
                .addIfPresent("title", info.title())
                .addIfPresent("description", info.description())
                .addIfPresent("arguments", info.arguments());
        return new McpServerFeatures.AsyncPromptSpecification(read(prompt.json(), McpSchema.Prompt.class),
                (exchange, request) -> Mono.fromCallable(() -> {
                    requireOperator(exchange);
                    Map<String, String> arguments = new HashMap<>();
                    if (request.arguments() != null) {
                        request.arguments().forEach((k, v) -> arguments.put(k, String.valueOf(v)));
                    }
                    JsonObject result = downstream(() -> server.getPrompt(info.name(), arguments, DOWNSTREAM_TIMEOUT));
                    return read(secretMask.mask(result).toString(), McpSchema.GetPromptResult.class);
                }).subscribeOn(Schedulers.boundedElastic()));
    }

    /** Reading a resource or getting a prompt reaches a downstream server, which is an operator's privilege. */
    private static void requireOperator(McpAsyncServerExchange exchange) {
        if (!(exchange.transportContext().get(CALLER) instanceof Caller caller) || !caller.has(Role.OPERATOR)) {
            throw McpError.builder(FORBIDDEN).message("Forbidden: reading resources and prompts needs the operator role").build();
        }
    }

    private JsonObject downstream(java.util.function.Supplier<JsonObject> call) {
        try {
            return call.get();
        } catch (McpCallException e) {
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message(secretMask.mask(e.getMessage())).build();
        }
    }

    private static String agent(McpTransportContext context, McpAsyncServerExchange exchange) {
        Object agent = context.get(AGENT);
        McpSchema.Implementation client = exchange.getClientInfo();
        String mcpClient = client == null ? null : client.name() + "/" + client.version();
        return mcpClient == null ? (String) agent : mcpClient + (agent == null ? "" : " (" + agent + ")");
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("cannot map " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
