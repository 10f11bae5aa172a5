package dev.mcphybrid.upstream;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.access.AccessPolicies;
import dev.mcphybrid.common.JsonPlain;
import dev.mcphybrid.execution.AuditedRequests;
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
import dev.mcphybrid.mcp.ClientRequests;
import dev.mcphybrid.mcp.McpCallException;
import dev.mcphybrid.mcp.Progress;
import dev.mcphybrid.mcp.SdkConnectionFactory;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.registry.ServerRegistry;
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
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
    AccessPolicies access;

    @Inject
    ServerRegistry registry;

    @Inject
    AuditedRequests audited;

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

    /** The tools of a listing this caller may call: what the access policy refuses is not shown. */
    List<McpSchema.Tool> toolsFor(ExposedServer.Listing listing, McpAsyncServerExchange exchange) {
        Caller caller = caller(exchange);
        boolean operator = caller.has(Role.OPERATOR);
        List<McpSchema.Tool> tools = new ArrayList<>(listing.tools().size());
        for (ExposedServer.OfferedTool offered : listing.tools().values()) {
            if (offered.workflow() != null ? operator : access.decide(caller, offered.toolId().id()).allowed()) {
                tools.add(offered.tool());
            }
        }
        return tools;
    }

    /**
     * A {@code tools/call}: a listed tool through the executor (or the workflow engine); a tool the endpoint does not
     * list also through the executor when it names a tool this endpoint offers (its server is down, say: an audited
     * {@code isError} result says so), else a JSON-RPC error naming it.
     */
    McpSchema.CallToolResult call(ExposedServer exposed, McpAsyncServerExchange exchange, McpSchema.CallToolRequest request) {
        String name = request.name();
        if (name == null || name.isBlank()) {
            throw GatewayMcpServer.invalid("tools/call needs the name of a tool");
        }
        ExposedServer.OfferedTool offered = exposed.listing().tools().get(name);
        if (offered != null && offered.workflow() != null) {
            return runWorkflow(offered.workflow(), exchange, request);
        }
        String toolId = offered != null ? offered.toolId().id() : ExposedNames.toolId(name);
        if (toolId == null || !exposed.includes(toolId)) {
            throw GatewayMcpServer.invalid("Unknown tool: " + name
                    + (toolId == null ? " (tools are named serverId__toolName)" : " is not offered by this endpoint"));
        }
        return call(ToolId.parse(toolId), exchange, request);
    }

    private McpSchema.CallToolResult call(ToolId toolId, McpAsyncServerExchange exchange, McpSchema.CallToolRequest request) {
        McpTransportContext context = exchange.transportContext();
        CallerInfo info = callerInfo(exchange);
        String key = context.get(RunningCalls.CALL_KEY) instanceof String k ? k : null;
        Cancellation cancellation = key == null ? Cancellation.none() : running.start(key);
        try (Phase span = tracing.mcpRequest("tools/call", request.name(), request.meta(), context.get(TRACE), exchange.sessionId())) {
            return traced(span, () -> answer(new ToolCall(toolId, arguments(request), settings.defaultTimeout(), info,
                    progressTo(exchange, request.progressToken()), cancellation, null, null, new AskingClient(exchange))));
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

    private McpSchema.CallToolResult runWorkflow(WorkflowDefinition definition, McpAsyncServerExchange exchange,
                                                 McpSchema.CallToolRequest request) {
        McpTransportContext context = exchange.transportContext();
        Caller caller = caller(exchange);
        if (!caller.has(Role.OPERATOR)) {
            throw McpError.builder(FORBIDDEN).message("Forbidden: running a workflow needs the operator role").build();
        }
        CallerInfo info = callerInfo(exchange);
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

    /** Runs a call through the executor and gives its outcome as MCP answers it: a result, or an McpError thrown. */
    private McpSchema.CallToolResult answer(ToolCall call) {
        try {
            ExecutionResponse response = executor.execute(call);
            JsonObject result = ResourceUris.inToolResult(call.tool().serverOrUnknown(), response.result());
            return mapper.convertValue(JsonPlain.toMap(result), McpSchema.CallToolResult.class);
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

    /** The MCP client of a call, which its server may ask for a sampling or an elicitation while the call runs. */
    private record AskingClient(McpAsyncServerExchange exchange) implements ClientRequests {
        @Override
        public String owner() {
            return exchange.sessionId();
        }

        @Override
        public boolean samples() {
            return exchange.getClientCapabilities() != null && exchange.getClientCapabilities().sampling() != null;
        }

        @Override
        public boolean elicits() {
            return exchange.getClientCapabilities() != null && exchange.getClientCapabilities().elicitation() != null;
        }

        @Override
        public Mono<McpSchema.CreateMessageResult> createMessage(McpSchema.CreateMessageRequest request) {
            return exchange.createMessage(request);
        }

        @Override
        public Mono<McpSchema.ElicitResult> elicit(McpSchema.ElicitRequest request) {
            return exchange.createElicitation(request);
        }
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

    /**
     * {@code resources/read} of a gateway URI: listed or not (a URI made from a template is not), it names the server
     * and the URI there; read from that server, audited, with the server's URIs in the answer made the gateway's.
     */
    McpSchema.ReadResourceResult readResource(ExposedServer.Listing listing, McpAsyncServerExchange exchange,
                                              McpSchema.ReadResourceRequest request) {
        requireOperator(exchange);
        ExposedNames.ResourceName name = ExposedNames.resourceOf(request.uri());
        ManagedServer server = name == null ? null : registry.find(name.serverId()).orElse(null);
        if (server == null) {
            throw McpError.builder(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND).message("Resource not found: " + request.uri()
                    + (name == null ? " (the gateway's resources are " + ExposedNames.RESOURCE_SCHEME + "serverId/<encoded URI>)" : "")).build();
        }
        JsonObject result = downstream(() -> audited.run(server.id(), "resources/read", JSON.createObjectBuilder().add("uri", name.uri()).build(),
                callerInfo(exchange), () -> server.readResource(name.uri(), DOWNSTREAM_TIMEOUT)));
        return read(secretMask.mask(ResourceUris.inReadResult(server.id(), result)), McpSchema.ReadResourceResult.class);
    }

    McpSchema.GetPromptResult getPrompt(ExposedServer.Listing listing, McpAsyncServerExchange exchange, McpSchema.GetPromptRequest request) {
        requireOperator(exchange);
        ExposedServer.Offered<McpSchema.Prompt> prompt = listing.prompts().get(request.name());
        if (prompt == null) {
            throw GatewayMcpServer.invalid("Unknown prompt: " + request.name() + " (prompts are named serverId__promptName)");
        }
        Map<String, String> arguments = new HashMap<>();
        if (request.arguments() != null) {
            request.arguments().forEach((k, v) -> arguments.put(k, String.valueOf(v)));
        }
        JsonObject asked = JSON.createObjectBuilder().add("name", prompt.downstream())
                .add("arguments", JSON.createObjectBuilder(new HashMap<String, Object>(arguments))).build();
        ManagedServer server = prompt.server();
        JsonObject result = downstream(() -> audited.run(server.id(), "prompts/get", asked, callerInfo(exchange),
                () -> server.getPrompt(prompt.downstream(), arguments, DOWNSTREAM_TIMEOUT)));
        return read(secretMask.mask(ResourceUris.inPromptResult(server.id(), result)), McpSchema.GetPromptResult.class);
    }

    /**
     * {@code completion/complete} for a prompt's or a resource template's argument, asked of the server that offers
     * it in its own names; no suggestions when that server offers no completions.
     */
    McpSchema.CompleteResult complete(ExposedServer.Listing listing, McpAsyncServerExchange exchange, McpSchema.CompleteRequest request) {
        requireOperator(exchange);
        if (request.ref() == null || request.argument() == null) {
            throw GatewayMcpServer.invalid("completion/complete needs a ref and an argument");
        }
        ExposedServer.Offered<?> target;
        String refJson;
        if (request.ref() instanceof McpSchema.PromptReference prompt) {
            target = listing.prompts().get(prompt.name());
            refJson = target == null ? null : JSON.createObjectBuilder().add("type", "ref/prompt").add("name", target.downstream()).build().toString();
        } else if (request.ref() instanceof McpSchema.ResourceReference resource) {
            target = listing.templates().get(resource.uri());
            if (target == null) {
                target = listing.resources().get(resource.uri());
            }
            refJson = target == null ? null : JSON.createObjectBuilder().add("type", "ref/resource").add("uri", target.downstream()).build().toString();
        } else {
            throw GatewayMcpServer.invalid("completion/complete: unknown kind of ref");
        }
        if (target == null) {
            throw GatewayMcpServer.invalid("completion/complete: no prompt or resource template " + request.ref().identifier() + " here");
        }
        ManagedServer server = target.server();
        if (!server.offersCompletions()) {
            return new McpSchema.CompleteResult(new McpSchema.CompleteResult.CompleteCompletion(List.of(), 0, false));
        }
        JsonObject asked = JSON.createObjectBuilder(readJson(write(request))).add("ref", readJson(refJson)).build();
        JsonObject result = downstream(() -> audited.run(server.id(), "completion/complete", asked, callerInfo(exchange),
                () -> server.complete(asked, DOWNSTREAM_TIMEOUT)));
        return read(result, McpSchema.CompleteResult.class);
    }

    /** Reading a resource or getting a prompt reaches a downstream server, which is an operator's privilege. */
    static void requireOperator(McpAsyncServerExchange exchange) {
        if (!(exchange.transportContext().get(CALLER) instanceof Caller caller) || !caller.has(Role.OPERATOR)) {
            throw McpError.builder(FORBIDDEN).message("Forbidden: reading resources and prompts needs the operator role").build();
        }
    }

    /** A downstream server by id, or null. */
    ManagedServer server(String serverId) {
        return registry.find(serverId).orElse(null);
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

    private <T> T read(JsonObject json, Class<T> type) {
        return mapper.convertValue(JsonPlain.toMap(json), type);
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static JsonObject readJson(String json) {
        try (var reader = JSON.createReader(new java.io.StringReader(json))) {
            return reader.readObject();
        }
    }

    private static Caller caller(McpAsyncServerExchange exchange) {
        return exchange.transportContext().get(CALLER) instanceof Caller c ? c : new Caller(Caller.ANONYMOUS, java.util.Set.of());
    }

    private static CallerInfo callerInfo(McpAsyncServerExchange exchange) {
        McpTransportContext context = exchange.transportContext();
        return new CallerInfo(caller(exchange), (String) context.get(ADDRESS), agent(context, exchange), "mcp-" + UUID.randomUUID());
    }
}
