package dev.mcphybrid.status;

import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.execution.ToolExecuted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory figures of recent tool calls, overall, per server and per tool, fed by {@link ToolExecuted} events;
 * the status and metrics endpoints read them instead of the audit table. Restarting the gateway starts them anew.
 */
@ApplicationScoped
public class RecentCalls {

    /** One tool's figures; {@code id} is {@code server.tool}. */
    public record ToolFigures(String id, String server, String tool, long calls, long errors, long rejected, double errorRate,
                              Double p50Ms, Double p95Ms) {

        static ToolFigures of(CallLabels.Labels labels, CallFigures f) {
            return new ToolFigures(labels.toolId(), labels.server(), labels.tool(), f.calls(), f.errors(), f.rejected(),
                    f.errorRate(), f.p50Ms(), f.p95Ms());
        }
    }

    @Inject
    CallLabels labels;

    private final Clock clock;
    private final CallSeries overall = new CallSeries();
    private final Map<String, CallSeries> servers = new ConcurrentHashMap<>();
    private final Map<CallLabels.Labels, CallSeries> tools = new ConcurrentHashMap<>();

    public RecentCalls() {
        this(Clock.systemUTC());
    }

    RecentCalls(Clock clock) {
        this.clock = clock;
    }

    void onExecuted(@ObservesAsync ToolExecuted executed) {
        record(labels.of(executed.serverId(), executed.toolId()), executed.status(), executed.durationMs(),
                executed.startedAt().plusMillis(executed.durationMs()));
    }

    void record(CallLabels.Labels labels, ExecutionStatus status, long durationMs, Instant finishedAt) {
        overall.record(status, durationMs, finishedAt);
        servers.computeIfAbsent(labels.server(), id -> new CallSeries()).record(status, durationMs, finishedAt);
        tools.computeIfAbsent(labels, id -> new CallSeries()).record(status, durationMs, finishedAt);
    }

    public WindowCounts counts(StatusWindow window) {
        return overall.counts(window, clock.instant());
    }

    public CallFigures overall(StatusWindow window) {
        return overall.figures(window, clock.instant());
    }

    /** The figures of one server; zero when it had no call since the gateway started. */
    public CallFigures server(String serverId, StatusWindow window) {
        CallSeries series = servers.get(serverId);
        return series == null ? CallFigures.of(WindowCounts.NONE, LatencyReservoir.Percentiles.NONE)
                : series.figures(window, clock.instant());
    }

    /** Servers that had calls, including {@link CallLabels#UNKNOWN_SERVER}. */
    public List<String> serversWithCalls() {
        return servers.keySet().stream().sorted().toList();
    }

    /** Every tool that had a call since the gateway started (or its server was registered), sorted by id. */
    public List<ToolFigures> tools(StatusWindow window) {
        Instant now = clock.instant();
        return tools.entrySet().stream()
                .map(e -> ToolFigures.of(e.getKey(), e.getValue().figures(window, now)))
                .sorted(Comparator.comparing(ToolFigures::id))
                .toList();
    }

    /** The server was removed: its figures go with it (the overall ones stay). */
    public void forget(String serverId) {
        servers.remove(serverId);
        tools.keySet().removeIf(labels -> labels.server().equals(serverId));
    }
}
