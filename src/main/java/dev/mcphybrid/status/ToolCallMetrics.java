package dev.mcphybrid.status;

import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.execution.ToolExecuted;
import dev.mcphybrid.persistence.DatabaseMigration;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.registry.ServerState;
import dev.mcphybrid.registry.ServerStateChanged;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Per-server and per-tool series for Prometheus ({@code /metrics}): tool calls by outcome, call durations, and each
 * server's state, ping latency and tool count. A server's series are removed when it leaves the registry.
 */
@ApplicationScoped
public class ToolCallMetrics {

    static final Metadata CALLS = Metadata.builder().withName("gateway.tool.calls")
            .withDescription("Tool calls by server, tool and outcome (SUCCESS, ERROR, TIMEOUT, REJECTED, CANCELLED)").build();
    static final Metadata DURATION = Metadata.builder().withName("gateway.tool.call.duration")
            .withDescription("Duration of tool calls that reached a server or the cache (not REJECTED ones)").build();
    static final Metadata UP = Metadata.builder().withName("gateway.server.up")
            .withDescription("1 while the server is HEALTHY or DEGRADED, else 0").build();
    static final Metadata LATENCY = Metadata.builder().withName("gateway.server.latency").withUnit(MetricUnits.MILLISECONDS)
            .withDescription("Latency of the server's latest health check (ping); NaN while it is not connected").build();
    static final Metadata TOOLS = Metadata.builder().withName("gateway.server.tools")
            .withDescription("Tools the server lists now").build();

    @Inject
    MetricRegistry metrics;

    @Inject
    ServerRegistry registry;

    @Inject
    CallLabels labels;

    private final Set<String> gauged = ConcurrentHashMap.newKeySet();
    /**
     * Each series' meter, looked up in the registry once: a lookup (tag validation, the name's tag map, a new id)
     * cost a call more than the count itself, 2% of the gateway's CPU.
     */
    private final ConcurrentHashMap<Outcome, Counter> calls = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<CallLabels.Labels, Timer> durations = new ConcurrentHashMap<>();

    private record Outcome(CallLabels.Labels labels, ExecutionStatus status) {
    }

    void onStartup(@Observes @Priority(DatabaseMigration.STARTUP_PRIORITY + 20) Startup startup) {
        registry.all().forEach(server -> gauge(server.id()));
    }

    void onStateChanged(@ObservesAsync ServerStateChanged change) {
        if (registry.contains(change.serverId())) {
            gauge(change.serverId()); // servers registered at run time
        }
    }

    void onExecuted(@ObservesAsync ToolExecuted executed) {
        CallLabels.Labels call = labels.of(executed.serverId(), executed.toolId());
        calls.computeIfAbsent(new Outcome(call, executed.status()), o -> metrics.counter(CALLS, tags(o.labels(),
                new Tag("status", o.status().name())))).inc();
        if (executed.status() != ExecutionStatus.REJECTED) {
            durations.computeIfAbsent(call, c -> metrics.timer(DURATION, tags(c))).update(Duration.ofMillis(executed.durationMs()));
        }
    }

    private static Tag[] tags(CallLabels.Labels call, Tag... more) {
        Tag[] tags = new Tag[2 + more.length];
        tags[0] = new Tag("server", call.server());
        tags[1] = new Tag("tool", call.tool());
        System.arraycopy(more, 0, tags, 2, more.length);
        return tags;
    }

    private void gauge(String serverId) {
        if (gauged.add(serverId)) {
            Tag server = new Tag("server", serverId);
            metrics.gauge(UP, this, m -> m.up(serverId), server);
            metrics.gauge(LATENCY, this, m -> m.latency(serverId), server);
            metrics.gauge(TOOLS, this, m -> m.tools(serverId), server);
        }
    }

    /** Removes every series labelled with this server. */
    void forget(String serverId) {
        gauged.remove(serverId);
        metrics.removeMatching((id, metric) -> id.getName().startsWith("gateway.") && serverId.equals(id.getTags().get("server")));
        // after the registry: a call counted in between caches the registry's new meter, which this drops too
        calls.keySet().removeIf(o -> o.labels().server().equals(serverId));
        durations.keySet().removeIf(c -> c.server().equals(serverId));
    }

    private int up(String serverId) {
        ServerState state = registry.find(serverId).map(ManagedServer::state).orElse(ServerState.DISCONNECTED);
        return state == ServerState.HEALTHY || state == ServerState.DEGRADED ? 1 : 0;
    }

    private double latency(String serverId) {
        Long latency = registry.find(serverId).map(s -> s.status().latencyMs()).orElse(null);
        return latency == null ? Double.NaN : latency;
    }

    private int tools(String serverId) {
        return registry.find(serverId).map(s -> s.tools().size()).orElse(0);
    }
}
