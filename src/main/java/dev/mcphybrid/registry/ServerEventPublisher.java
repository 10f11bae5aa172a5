package dev.mcphybrid.registry;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.common.OrderedEvents;
import dev.mcphybrid.events.EventBus;
import dev.mcphybrid.events.EventType;
import dev.mcphybrid.events.SystemAlert;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts what the registry reports (state changes, removals, changed tool lists) on the event stream, and raises a
 * server's health alerts: a warning when it goes {@code UNHEALTHY}, an all-clear when it recovers or is removed.
 */
@ApplicationScoped
public class ServerEventPublisher {

    @Inject
    EventBus bus;

    @Inject
    Event<SystemAlert> alerts;

    @Inject
    OrderedEvents ordered;

    /** Servers that went UNHEALTHY and have not been HEALTHY since: their recovery is worth an alert. */
    private final Set<String> unhealthy = ConcurrentHashMap.newKeySet();

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
}
