package dev.mcphybrid.execution;

import dev.mcphybrid.audit.AuditLog;
import dev.mcphybrid.audit.AuditRecord;
import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.audit.Redactor;
import dev.mcphybrid.cluster.ClusterStore;
import dev.mcphybrid.events.SystemAlert;
import dev.mcphybrid.mcp.ArgumentValidator;
import dev.mcphybrid.mcp.McpCallException;
import dev.mcphybrid.mcp.Progress;
import dev.mcphybrid.mcp.ToolCallResult;
import dev.mcphybrid.mcp.ToolInfo;
import dev.mcphybrid.problem.Problem;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.registry.ServerConnector;
import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.registry.ServerStatus;
import dev.mcphybrid.mcp.Transport;
import dev.mcphybrid.security.SecretMask;
import dev.mcphybrid.telemetry.CallSpan;
import dev.mcphybrid.telemetry.CallTracing;
import dev.mcphybrid.telemetry.Phase;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The tool execution proxy: admit, validate, guard, call, audit. It takes a {@link ToolCall} whose arguments its
 * caller has parsed once, and answers an {@link ExecutionResponse} or throws an {@link ExecutionFailure} that says
 * why there is no result. Every call, whatever becomes of it, leaves exactly one audit record and one
 * {@link ToolExecuted} event.
 */
@ApplicationScoped
public class ToolExecutor {

    private static final Logger LOG = Logger.getLogger(ToolExecutor.class.getName());

    @Inject
    ServerRegistry registry;

    @Inject
    ServerConnector connector;

    @Inject
    AuditLog audit;

    @Inject
    CallAdmission admission;

    @Inject
    SecretMask secretMask;

    @Inject
    ExecutionEvents events;

    @Inject
    MetricRegistry metrics;

    @Inject
    ExecutionSettings settings;

    @Inject
    ClusterStore cluster;

    @Inject
    CallTracing tracing;

    private final ArgumentValidator validator = new ArgumentValidator();
    private final Map<String, ServerGuard> guards = new ConcurrentHashMap<>();
    /** Results of servers this instance started (stdio): those servers, and so their answers, are its own. */
    private ResultCache localCache;
    /** Results of servers reached over the network: in a cluster, shared by every instance through Redis. */
    private ResultCache sharedCache;
    private Redactor redactor;

    @PostConstruct
    void init() {
        localCache = new MemoryResultCache(settings.cacheTtl(), settings.cacheMaxEntries(), System::nanoTime);
        sharedCache = cluster.enabled() ? new RedisResultCache(cluster.redis(), cluster.key("results"), settings.cacheTtl()) : localCache;
        redactor = new Redactor(settings.redactKeys());
        localCache.exportCounts(metrics);
        if (sharedCache != localCache) {
            sharedCache.exportCounts(metrics);
        }
        metrics.gauge("gateway.cache.entries", this, executor -> executor.cacheFigures().entries());
    }

    /** Result cache hits, misses and entries (held in this instance's memory) right now. */
    public CacheFigures cacheFigures() {
        if (sharedCache == localCache) {
            return new CacheFigures(localCache.hits(), localCache.misses(), localCache.size());
        }
        return new CacheFigures(localCache.hits() + sharedCache.hits(), localCache.misses() + sharedCache.misses(),
                localCache.size() + sharedCache.size());
    }

    /**
     * Runs one call through admission, the catalogue, the input schema, the cache and the server's guard.
     *
     * @return the tool's result; a tool that reports {@code isError} is a result too (status ERROR)
     * @throws ExecutionFailure when there is no result, with the reason
     */
    public ExecutionResponse execute(ToolCall request) {
        Call call = new Call(request.executionId(), request.tool(), request.caller(), request.arguments(), request.onProgress(),
                request.runStep());
        try {
            return run(request, call);
        } catch (ExecutionFailure e) {
            call.failed(e);
            throw e;
        } catch (RuntimeException e) {
            call.status = ExecutionStatus.ERROR;
            call.error = "internal error: " + e.getClass().getSimpleName();
            call.errorType = e.getClass().getName();
            throw e;
        } finally {
            call.finish();
        }
    }

    /**
     * Audits a call refused before it could be made (a REST body that does not parse), so the audit log holds
     * every attempt, not only those that got as far as the executor.
     */
    public void refused(ToolId tool, CallerInfo caller, ExecutionFailure failure) {
        Call call = new Call(null, tool, caller, null, null, null);
        call.failed(failure);
        call.finish();
    }

    private ExecutionResponse run(ToolCall request, Call call) {
        ToolId id = request.tool();
        try (Phase admitting = call.span.phase("admission")) {
            try {
                admission.admit(request.caller(), id.id(), request.arguments());
            } catch (ExecutionFailure e) {
                admitting.failed(errorType(e.reason()), e.describe());
                throw e;
            }
        }
        ManagedServer server = (id.named() ? registry.find(id.server()) : Optional.<ManagedServer>empty())
                .orElseThrow(() -> unknownTool(id));
        ToolInfo tool = server.tool(id.tool()).orElseThrow(() -> unknownOrUnavailable(server, id));
        List<String> violations = validator.violations(tool.inputSchema(), request.arguments());
        if (!violations.isEmpty()) {
            throw new ExecutionFailure(FailureReason.INVALID_ARGUMENTS, "The arguments do not match the input schema of " + id,
                    violations, null);
        }
        ResultCache cache = cacheOf(server);
        boolean cacheable = cache.enabled() && settings.cacheable(id.id(), tool.annotations());
        String cacheKey = cacheable ? ResultCache.key(id.id(), request.arguments()) : null;
        if (cacheable) {
            JsonObject hit = cache.get(cacheKey);
            if (hit != null) {
                call.cached = true;
                return call.succeeded(hit, false);
            }
        }
        long generation = cacheable ? cache.generation(server.id()) : 0;
        ToolCallResult result;
        try {
            result = callGuarded(server, tool, request, call);
        } finally {
            if (cache.enabled() && !cacheable) {
                cache.invalidate(server.id()); // it may have written: cached reads of this server are stale
            }
        }
        JsonObject shown = secretMask.mask(result.result()); // a server may echo its own credentials
        if (cacheable && !result.isError()) {
            cache.put(cacheKey, shown, generation);
        }
        return call.succeeded(shown, result.isError());
    }

    private ResultCache cacheOf(ManagedServer server) {
        return server.definition().transport() == Transport.STDIO ? localCache : sharedCache;
    }

    private static ExecutionFailure unknownTool(ToolId id) {
        return new ExecutionFailure(FailureReason.UNKNOWN_TOOL, "Tool '" + Problem.quote(id.id()) + "' does not exist");
    }

    /** A tool of a server that is down is not listed, but the caller should hear the server is down, not 404. */
    private static ExecutionFailure unknownOrUnavailable(ManagedServer server, ToolId id) {
        if (!server.isConnected()) {
            ServerStatus status = server.status();
            return new ExecutionFailure(FailureReason.SERVER_UNAVAILABLE, "server " + status.id() + " is " + status.state()
                    + (status.lastError() == null ? "" : ": " + status.lastError()), 5L);
        }
        return unknownTool(id);
    }

    private ToolCallResult callGuarded(ManagedServer server, ToolInfo tool, ToolCall request, Call call) {
        ServerGuard guard = guards.computeIfAbsent(server.id(), id -> new ServerGuard(settings.maxConcurrentPerServer(),
                new CircuitBreaker(settings.circuitWindow(), settings.circuitMinimumCalls(), settings.circuitFailureRatio(),
                        settings.circuitOpenFor(), System::nanoTime)));
        if (!guard.breaker().tryPass()) {
            throw new ExecutionFailure(FailureReason.CIRCUIT_OPEN, "Calls to " + server.id()
                    + " are paused after repeated failures; retry later", guard.breaker().retryAfterSeconds());
        }
        boolean entered;
        try {
            entered = guard.enter(settings.queueWait());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            entered = false;
        }
        if (!entered) {
            guard.breaker().record(true); // not the server's fault; release a half-open trial
            throw new ExecutionFailure(FailureReason.SERVER_BUSY, server.id() + " already has "
                    + settings.maxConcurrentPerServer() + " calls running; retry shortly", 1L);
        }
        try (Phase downstream = call.span.downstream(tool.name(), server.id(), server.definition().transport().wireName(),
                server.definition().url())) {
            try {
                ToolCallResult result = server.callTool(tool.name(), request.arguments(), request.timeout(), call.id.toString(),
                        progress -> call.progress(progress, server.id()), request.cancellation(), request.client());
                recordOutcome(guard, server.id(), true);
                if (result.isError()) {
                    downstream.failed(TOOL_ERROR, null);
                }
                return result;
            } catch (McpCallException e) {
                // a JSON-RPC error is the server answering; a cancel is the caller's doing: neither counts against it
                recordOutcome(guard, server.id(), e.kind() == McpCallException.Kind.PROTOCOL || e.kind() == McpCallException.Kind.CANCELLED);
                if (e.isTimeout()) {
                    connector.suspectUnresponsive(server); // a hung server is isolated now, not at the next health cycle
                }
                ExecutionFailure failure = failureOf(e);
                downstream.failed(errorType(failure.reason()), failure.detail());
                throw failure;
            }
        } finally {
            guard.leave();
        }
    }

    /** error.type of a tool's own error result, as the OpenTelemetry conventions for MCP name it. */
    static final String TOOL_ERROR = "tool_error";

    /** A failure reason as a span's error.type: low-cardinality and lower case, e.g. rate_limited. */
    static String errorType(FailureReason reason) {
        return reason.name().toLowerCase(java.util.Locale.ROOT);
    }

    private void recordOutcome(ServerGuard guard, String serverId, boolean success) {
        if (guard.breaker().record(success)) {
            String message = "Circuit for " + serverId + " opened after repeated failures; calls refused for "
                    + settings.circuitOpenFor().toSeconds() + " s";
            LOG.warning(message);
            events.alert(SystemAlert.warning("circuit-breaker", serverId, message), serverId);
        }
    }

    private ExecutionFailure failureOf(McpCallException e) {
        String detail = secretMask.mask(e.getMessage());
        return switch (e.kind()) {
            case TIMEOUT -> new ExecutionFailure(FailureReason.TIMEOUT, detail);
            case UNAVAILABLE -> new ExecutionFailure(FailureReason.SERVER_UNAVAILABLE, detail, 5L);
            case PROTOCOL -> new ExecutionFailure(FailureReason.SERVER_ERROR, detail);
            case TRANSPORT -> new ExecutionFailure(FailureReason.SERVER_UNREACHABLE, detail);
            case CANCELLED -> new ExecutionFailure(FailureReason.CANCELLED, detail);
        };
    }

    /**
     * One execution in progress: collects what the audit record and the event need. Its progress events and its
     * final event are ordered by its id, so observers never see a progress after the end.
     */
    private final class Call {
        final UUID id;
        final Instant startedAt = Instant.now();
        final long started = System.nanoTime();
        final ToolId tool;
        final CallerInfo caller;
        final JsonObject arguments;
        final Consumer<Progress> onProgress;
        final RunStep runStep;
        final List<Progress> progress = new CopyOnWriteArrayList<>();
        final CallSpan span;
        ExecutionStatus status;
        String error;
        String errorType;
        String summary;
        Integer size;
        boolean cached;
        private boolean ended; // guarded by this

        Call(UUID id, ToolId tool, CallerInfo caller, JsonObject arguments, Consumer<Progress> onProgress, RunStep runStep) {
            this.id = id == null ? UUID.randomUUID() : id;
            this.runStep = runStep;
            this.tool = tool;
            this.caller = caller;
            this.arguments = arguments;
            this.onProgress = onProgress;
            this.span = tracing.execution(tool.id(), tool.serverOrUnknown(), tool.tool(), caller.principal());
        }

        synchronized void progress(Progress update, String serverId) {
            if (ended) {
                return; // a notification that lost the race with the result: the end is announced already
            }
            progress.add(update);
            try {
                onProgress.accept(update);
            } catch (RuntimeException e) {
                LOG.fine(() -> "The caller of " + tool + " could not be told its progress: " + e);
            }
            events.progressed(new ExecutionProgress(id, tool.id(), serverId, update.progress(), update.total(), update.message()));
        }

        ExecutionResponse succeeded(JsonObject result, boolean isError) {
            status = isError ? ExecutionStatus.ERROR : ExecutionStatus.SUCCESS;
            summary = summarize(result);
            size = result.toString().length();
            if (isError) {
                error = summary;
                errorType = TOOL_ERROR;
            }
            return new ExecutionResponse(id, caller.requestId(), tool.id(), status, cached, elapsedMs(), List.copyOf(progress), result);
        }

        void failed(ExecutionFailure failure) {
            status = failure.status();
            error = failure.describe();
            errorType = errorType(failure.reason());
        }

        void finish() {
            long duration = elapsedMs();
            ExecutionStatus finalStatus = status == null ? ExecutionStatus.ERROR : status;
            try {
                String redacted = arguments == null ? null : secretMask.mask(redactor.redact(arguments)).toString();
                try (Phase auditing = span.phase("audit")) {
                    audit.record(new AuditRecord(id, caller.requestId(), tool.id(), tool.serverOrUnknown(), tool.tool(), caller.principal(),
                            caller.clientAddress(), caller.clientAgent(), redacted, summary, size, finalStatus, error, cached, startedAt, duration,
                            runStep == null ? null : runStep.runId(), runStep == null ? null : runStep.stepId(), span.traceId()));
                }
                synchronized (this) {
                    ended = true;
                    events.executed(new ToolExecuted(id, tool.id(), tool.serverOrUnknown(), finalStatus, cached, duration,
                            caller.principal(), error, startedAt));
                }
            } finally {
                span.end(tool.id(), id.toString(), finalStatus.name(), finalStatus == ExecutionStatus.SUCCESS ? null
                        : errorType == null ? finalStatus.name().toLowerCase(java.util.Locale.ROOT) : errorType, error, cached, duration);
            }
        }

        long elapsedMs() {
            return (System.nanoTime() - started) / 1_000_000;
        }
    }

    /** The first text of the result, or what kinds of content it holds. */
    static String summarize(JsonObject result) {
        JsonValue content = result.get("content");
        if (content != null && content.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue item : content.asJsonArray()) {
                if (item instanceof JsonObject object && "text".equals(object.getString("type", null))
                        && object.get("text") instanceof JsonString text) {
                    String value = text.getString();
                    return value.length() > 200 ? value.substring(0, 200) + "…" : value;
                }
            }
            return content.asJsonArray().stream().map(v -> v instanceof JsonObject o ? o.getString("type", "?") : "?")
                    .toList().toString();
        }
        return Optional.ofNullable(result.get("structuredContent")).map(v -> "structuredContent").orElse("");
    }
}
