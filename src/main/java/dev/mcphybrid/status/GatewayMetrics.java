package dev.mcphybrid.status;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/metrics}: the gateway's figures for a dashboard. Calls, errors and percentiles are over
 * {@code window}; the other figures are totals since start or values right now.
 */
@JsonbPropertyOrder({"window", "generatedAt", "executions", "servers", "tools", "events", "audit", "cache", "rateLimit", "workflows"})
public record GatewayMetrics(String window, Instant generatedAt, CallFigures executions, List<Server> servers,
                             List<RecentCalls.ToolFigures> tools, Events events, Audit audit, Cache cache, RateLimit rateLimit,
                             WorkflowFigures workflows) {

    /** A registered server, or {@link CallLabels#UNKNOWN_SERVER} (no state) when calls named no registered server. */
    public record Server(String id, String state, Long latencyMs, long calls, long errors, long rejected, double errorRate,
                         Double p50Ms, Double p95Ms) {

        static Server of(String id, String state, Long latencyMs, CallFigures f) {
            return new Server(id, state, latencyMs, f.calls(), f.errors(), f.rejected(), f.errorRate(), f.p50Ms(), f.p95Ms());
        }
    }

    /** {@code truncated}: events cut down to gateway.events.max-event-bytes; {@code lost}: ids replays could not send. */
    public record Events(int clients, long dropped, long published, long truncated, long lost) {
    }

    public record Audit(int bufferDepth, int spooledFiles, long written, long spooled, boolean spooling, int deadLetters) {
    }

    public record Cache(long hits, long misses, int entries) {
    }

    public record RateLimit(long refused) {
    }

}
