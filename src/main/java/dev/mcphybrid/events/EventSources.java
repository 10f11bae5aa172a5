package dev.mcphybrid.events;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.common.OrderedEvents;
import dev.mcphybrid.dogfood.MemoryUpdated;
import dev.mcphybrid.execution.ExecutionProgress;
import dev.mcphybrid.execution.ToolExecuted;
import dev.mcphybrid.registry.ServerRemoved;
import dev.mcphybrid.registry.ServerState;
import dev.mcphybrid.registry.ServerStateChanged;
import dev.mcphybrid.registry.ToolsChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;

/**
 * Turns what the gateway's parts report (CDI events) into streamed envelopes. The producers know nothing of
 * SSE or WebSocket; this is the only place that maps them.
 */
@ApplicationScoped
public class EventSources {


    @Inject
    EventBus bus;

    @Inject
    Event<SystemAlert> alerts;

    @Inject
    OrderedEvents ordered;

    /** Servers that went UNHEALTHY and have not been HEALTHY since: their recovery is worth an alert. */
    private final java.util.Set<String> unhealthy = java.util.concurrent.ConcurrentHashMap.newKeySet();

    void serverState(@ObservesAsync ServerStateChanged change) {
        JsonObjectBuilder data = JSON.createObjectBuilder()
                .add("previous", change.previous().name())
                .add("state", change.current().name());
        if (change.error() != null) {
            data.add("error", change.error());
        }
        bus.publish(EventType.SERVER_STATUS, change.serverId(), data.build());
        if (change.current() == ServerState.UNHEALTHY && unhealthy.add(change.serverId())) {
            alerts.fireAsync(SystemAlert.warning("health", change.serverId(), "Server " + change.serverId() + " is unhealthy"
                    + (change.error() == null ? "" : ": " + change.error())), ordered.by(change.serverId()));
        } else if (change.current() == ServerState.HEALTHY && unhealthy.remove(change.serverId())) {
            alerts.fireAsync(SystemAlert.info("health", change.serverId(), "Server " + change.serverId() + " recovered"),
                    ordered.by(change.serverId()));
        }
    }

    /**
     * A server that leaves the registry leaves the set too, so servers that come and go leave nothing behind; one that
     * was unhealthy gets an all-clear, since nothing else will ever clear its warning. Fired under the server's key,
     * after its last state change; a changed catalogue entry, added again at once, starts afresh.
     */
    void removed(@ObservesAsync ServerRemoved removed) {
        if (unhealthy.remove(removed.serverId())) {
            alerts.fireAsync(SystemAlert.info("health", removed.serverId(), "Server " + removed.serverId()
                    + " was removed while unhealthy"), ordered.by(removed.serverId()));
        }
    }

    int unhealthyCount() {
        return unhealthy.size();
    }

    void tools(@ObservesAsync ToolsChanged change) {
        bus.publish(EventType.TOOL_UPDATE, change.serverId(), JSON.createObjectBuilder()
                .add("added", JSON.createArrayBuilder(change.added()))
                .add("removed", JSON.createArrayBuilder(change.removed()))
                .add("total", change.total())
                .build());
    }

    void alert(@ObservesAsync SystemAlert alert) {
        JsonObjectBuilder data = JSON.createObjectBuilder()
                .add("level", alert.level().name())
                .add("source", alert.source())
                .add("message", alert.message());
        bus.publish(EventType.SYSTEM_ALERT, alert.serverId(), data.build());
    }

    void executed(@ObservesAsync ToolExecuted done) {
        JsonObjectBuilder data = JSON.createObjectBuilder()
                .add("phase", "finished")
                .add("executionId", done.executionId().toString())
                .add("toolId", done.toolId())
                .add("status", done.status().name())
                .add("cached", done.cached())
                .add("durationMs", done.durationMs())
                .add("principal", done.principal());
        if (done.error() != null) {
            data.add("error", done.error());
        }
        bus.publish(EventType.EXECUTION, done.serverId(), data.build());
    }

    void progress(@ObservesAsync ExecutionProgress update) {
        JsonObjectBuilder data = JSON.createObjectBuilder()
                .add("phase", "progress")
                .add("executionId", update.executionId().toString())
                .add("toolId", update.toolId())
                .add("progress", update.progress());
        if (update.total() != null) {
            data.add("total", update.total());
        }
        if (update.message() != null) {
            data.add("message", update.message());
        }
        bus.publish(EventType.EXECUTION, update.serverId(), data.build());
    }

    void memory(@ObservesAsync MemoryUpdated update) {
        var observations = JSON.createArrayBuilder();
        update.observations().forEach(o -> observations.add(JSON.createObjectBuilder()
                .add("entityName", o.entity().name())
                .add("text", o.text())));
        bus.publish(EventType.MEMORY_UPDATE, update.serverId(), JSON.createObjectBuilder()
                .add("tool", update.tool())
                .add("executionId", update.executionId().toString())
                .add("entities", JSON.createArrayBuilder(update.entities()))
                .add("observationCount", update.observations().size())
                .add("observations", observations)
                .build());
    }
}
