package dev.mcphybrid.execution;

import dev.mcphybrid.cluster.ClusterStore;
import dev.mcphybrid.audit.AuditLog;
import dev.mcphybrid.audit.AuditRecord;
import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.audit.Redactor;
import dev.mcphybrid.common.OrderedEvents;
import dev.mcphybrid.events.SystemAlert;
import dev.mcphybrid.mcp.ArgumentValidator;
import dev.mcphybrid.mcp.McpCallException;
import dev.mcphybrid.mcp.Progress;
import dev.mcphybrid.mcp.ToolCallResult;
import dev.mcphybrid.problem.Problem;
import dev.mcphybrid.problem.ProblemException;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.registry.ServerStatus;
import dev.mcphybrid.registry.Transport;
import dev.mcphybrid.security.SecretMask;
import dev.mcphybrid.mcp.ToolInfo;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The tool execution proxy: validate, guard, call, audit. Every call, whatever becomes of it, leaves exactly one
 * audit record and one {@link ToolExecuted} event.
 */
@ApplicationScoped
public class ToolExecutor {

    private static final Logger LOG = Logger.getLogger(ToolExecutor.class.getName());

    @Inject
    ServerRegistry registry;

    @Inject
    AuditLog audit;

    @Inject
    CallAdmission admission;

    @Inject
    SecretMask secretMask;

    @Inject
    Event<ToolExecuted> executed;

    @Inject
    Event<ExecutionProgress> progressEvents;

    @Inject
    Event<SystemAlert> alerts;

    @Inject
    OrderedEvents ordered;

    @Inject
    MetricRegistry metrics;

    @Inject
    ExecutionSettings settings;

    @Inject
    ClusterStore cluster;

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
        metrics.gauge("gateway.cache.hits", this, executor -> executor.cacheFigures().hits());
        metrics.gauge("gateway.cache.misses", this, executor -> executor.cacheFigures().misses());
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

    private ResultCache cacheOf(ManagedServer server) {
        return server.definition().transport() == Transport.STDIO ? localCache : sharedCache;
    }

    public ExecutionResponse execute(String toolId, String body, CallerInfo caller) {
        Call call = new Call(toolId, caller);
        try {
            ExecuteRequest request = ExecuteRequest.parse(body, settings.defaultTimeout(), settings.maxTimeout());
            call.arguments = request.arguments();
            admission.admit(caller, toolId, request.arguments());
            int dot = toolId.indexOf('.');
            ManagedServer server = (dot > 0 ? registry.find(toolId.substring(0, dot)) : Optional.<ManagedServer>empty())
                    .orElseThrow(() -> ProblemException.notFound("Tool", toolId));
            ToolInfo tool = server.tool(toolId.substring(dot + 1)).orElseThrow(() -> unknownOrUnavailable(server, toolId));
            List<String> violations = validator.violations(tool.inputSchema(), request.arguments());
            if (!violations.isEmpty()) {
                throw ProblemException.unprocessable("The arguments do not match the input schema of " + toolId,
                        Map.of("violations", violations));
            }
            ResultCache cache = cacheOf(server);
            boolean cacheable = cache.enabled() && settings.cacheable(toolId, tool.annotations());
            String cacheKey = cacheable ? ResultCache.key(toolId, request.arguments()) : null;
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
        } catch (ProblemException e) {
            call.failed(e);
            throw e;
        } catch (RuntimeException e) {
            call.status = ExecutionStatus.ERROR;
            call.error = "internal error: " + e.getClass().getSimpleName();
            throw e;
        } finally {
            call.finish();
        }
    }

    /** A tool of a server that is down is not listed, but the caller should hear the server is down, not 404. */
    private static ProblemException unknownOrUnavailable(ManagedServer server, String toolId) {
        if (!server.isConnected()) {
            ServerStatus status = server.status();
            return new ProblemException(Problem.of(503, "server-unavailable", "Server unavailable", "server " + status.id()
                    + " is " + status.state() + (status.lastError() == null ? "" : ": " + status.lastError())), 5L);
        }
        return ProblemException.notFound("Tool", toolId);
    }

    private ToolCallResult callGuarded(ManagedServer server, ToolInfo tool, ExecuteRequest request, Call call) {
        ServerGuard guard = guards.computeIfAbsent(server.id(), id -> new ServerGuard(settings.maxConcurrentPerServer(),
                new CircuitBreaker(settings.circuitWindow(), settings.circuitMinimumCalls(), settings.circuitFailureRatio(),
                        settings.circuitOpenFor(), System::nanoTime)));
        if (!guard.breaker().tryPass()) {
            throw new ProblemException(Problem.of(503, "circuit-open", "Server circuit open",
                    "Calls to " + server.id() + " are paused after repeated failures; retry later"),
                    guard.breaker().retryAfterSeconds());
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
            throw new ProblemException(Problem.of(503, "server-busy", "Server busy",
                    server.id() + " already has " + settings.maxConcurrentPerServer() + " calls running; retry shortly"), 1L);
        }
        try {
            ToolCallResult result = server.callTool(tool.name(), request.arguments(), request.timeout(), call.id.toString(),
                    progress -> call.progress(progress, server.id()));
            recordOutcome(guard, server.id(), true);
            return result;
        } catch (McpCallException e) {
            recordOutcome(guard, server.id(), e.kind() == McpCallException.Kind.PROTOCOL);
            if (e.isTimeout()) {
                registry.suspectUnresponsive(server); // a hung server is isolated now, not at the next health cycle
            }
            throw problemFor(e, server.id());
        } finally {
            guard.leave();
        }
    }

    private void recordOutcome(ServerGuard guard, String serverId, boolean success) {
        if (guard.breaker().record(success)) {
            String message = "Circuit for " + serverId + " opened after repeated failures; calls refused for "
                    + settings.circuitOpenFor().toSeconds() + " s";
            LOG.warning(message);
            alerts.fireAsync(SystemAlert.warning("circuit-breaker", serverId, message), ordered.by(serverId));
        }
    }

    private ProblemException problemFor(McpCallException e, String serverId) {
        String detail = secretMask.mask(e.getMessage());
        return switch (e.kind()) {
            case TIMEOUT -> new ProblemException(Problem.of(504, "tool-timeout", "Tool call timed out", detail));
            case UNAVAILABLE -> new ProblemException(Problem.of(503, "server-unavailable", "Server unavailable", detail), 5L);
            case PROTOCOL -> new ProblemException(Problem.of(502, "server-error", "Server refused the call", detail));
            case TRANSPORT -> new ProblemException(Problem.of(502, "server-unreachable", "Server failed", detail));
        };
    }

    /**
     * One execution in progress: collects what the audit record and the event need. Its progress events and its
     * final event are ordered by its id, so observers never see a progress after the end.
     */
    private final class Call {
        final UUID id = UUID.randomUUID();
        final Instant startedAt = Instant.now();
        final long started = System.nanoTime();
        final String toolId;
        final CallerInfo caller;
        final List<Progress> progress = new CopyOnWriteArrayList<>();
        JsonObject arguments;
        ExecutionStatus status;
        String error;
        String summary;
        Integer size;
        boolean cached;
        private boolean ended; // guarded by this

        Call(String toolId, CallerInfo caller) {
            this.toolId = toolId;
            this.caller = caller;
        }

        synchronized void progress(Progress update, String serverId) {
            if (ended) {
                return; // a notification that lost the race with the result: the end is announced already
            }
            progress.add(update);
            progressEvents.fireAsync(new ExecutionProgress(id, toolId, serverId, update.progress(), update.total(), update.message()),
                    ordered.by(id));
        }

        ExecutionResponse succeeded(JsonObject result, boolean isError) {
            status = isError ? ExecutionStatus.ERROR : ExecutionStatus.SUCCESS;
            summary = summarize(result);
            size = result.toString().length();
            if (isError) {
                error = summary;
            }
            return new ExecutionResponse(id, caller.requestId(), toolId, status, cached, elapsedMs(), List.copyOf(progress), result);
        }

        void failed(ProblemException e) {
            int code = e.problem().status();
            status = code == 504 ? ExecutionStatus.TIMEOUT : code >= 500 && !"circuit-open".equals(slug(e)) && !"server-busy".equals(slug(e))
                    ? ExecutionStatus.ERROR : ExecutionStatus.REJECTED;
            error = e.problem().detail();
            if (e.problem().extensions() != null && e.problem().extensions().get("violations") instanceof List<?> list) {
                error = error + ": " + String.join("; ", list.stream().map(String::valueOf).toList());
            }
        }

        void finish() {
            long duration = elapsedMs();
            int dot = toolId == null ? -1 : toolId.indexOf('.');
            String serverId = dot > 0 ? toolId.substring(0, dot) : "unknown";
            String toolName = dot > 0 ? toolId.substring(dot + 1) : String.valueOf(toolId);
            ExecutionStatus finalStatus = status == null ? ExecutionStatus.ERROR : status;
            String redacted = arguments == null ? null : secretMask.mask(redactor.redact(arguments)).toString();
            audit.record(new AuditRecord(id, caller.requestId(), String.valueOf(toolId), serverId, toolName, caller.principal(),
                    caller.clientAddress(), caller.clientAgent(), redacted, summary, size, finalStatus, error, cached, startedAt, duration));
            synchronized (this) {
                ended = true;
                executed.fireAsync(new ToolExecuted(id, String.valueOf(toolId), serverId, finalStatus, cached, duration,
                        caller.principal(), error, startedAt), ordered.by(id));
            }
        }

        long elapsedMs() {
            return (System.nanoTime() - started) / 1_000_000;
        }
    }

    private static String slug(ProblemException e) {
        String type = e.problem().type();
        return type.substring(type.lastIndexOf('/') + 1);
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
