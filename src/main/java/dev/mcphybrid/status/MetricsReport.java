package dev.mcphybrid.status;

import dev.mcphybrid.audit.AuditLog;
import dev.mcphybrid.audit.AuditPipeline;
import dev.mcphybrid.events.EventBus;
import dev.mcphybrid.execution.CacheFigures;
import dev.mcphybrid.execution.CallAdmission;
import dev.mcphybrid.execution.ToolExecutor;
import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.registry.ServerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Puts together {@code GET /api/metrics} from the gateway's in-memory figures (never from /metrics). */
@ApplicationScoped
public class MetricsReport {

    @Inject
    ServerRegistry registry;

    @Inject
    RecentCalls calls;

    @Inject
    EventBus events;

    @Inject
    AuditLog audit;

    @Inject
    ToolExecutor executor;

    @Inject
    CallAdmission admission;

    @Inject
    jakarta.enterprise.inject.Instance<WorkflowFigures.Source> workflows;

    public GatewayMetrics metrics(StatusWindow window) {
        List<GatewayMetrics.Server> servers = new ArrayList<>();
        for (var server : registry.all()) {
            ServerStatus status = server.status();
            servers.add(GatewayMetrics.Server.of(status.id(), status.state().name(), status.latencyMs(), calls.server(status.id(), window)));
        }
        for (String id : calls.serversWithCalls()) {
            if (!registry.contains(id)) { // calls naming no registered server, or of a server just removed
                servers.add(GatewayMetrics.Server.of(id, null, null, calls.server(id, window)));
            }
        }
        AuditPipeline.Snapshot pipeline = audit.snapshot();
        CacheFigures cache = executor.cacheFigures();
        return new GatewayMetrics(window.label(), Instant.now(), calls.overall(window), servers, calls.tools(window),
                new GatewayMetrics.Events(events.clientCount(), events.droppedClients(), events.published(),
                        events.truncatedEvents(), events.lostEventIds()),
                new GatewayMetrics.Audit(pipeline.buffered(), pipeline.spooledBatches(), pipeline.written(), pipeline.spooled(),
                        pipeline.outage() || pipeline.spooledBatches() > 0, pipeline.deadLetters()),
                new GatewayMetrics.Cache(cache.hits(), cache.misses(), cache.entries()),
                new GatewayMetrics.RateLimit(admission.rateLimitRefusals()),
                workflows.isResolvable() ? workflows.get().workflowFigures() : WorkflowFigures.NONE);
    }
}
