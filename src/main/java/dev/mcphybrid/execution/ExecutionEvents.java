package dev.mcphybrid.execution;

import dev.mcphybrid.common.OrderedEvents;
import dev.mcphybrid.events.SystemAlert;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * What the executor tells the rest of the gateway, as asynchronous CDI events: each execution's progress and end
 * are ordered by its id (observers never see a progress after the end), alerts by the server concerned. Methods
 * of beans called on every execution are public: Weld's client proxy reaches package-private ones by reflection.
 */
@ApplicationScoped
public class ExecutionEvents {

    @Inject
    Event<ToolExecuted> executed;

    @Inject
    Event<ExecutionProgress> progress;

    @Inject
    Event<SystemAlert> alerts;

    @Inject
    OrderedEvents ordered;

    public void progressed(ExecutionProgress update) {
        progress.fireAsync(update, ordered.by(update.executionId()));
    }

    public void executed(ToolExecuted execution) {
        executed.fireAsync(execution, ordered.by(execution.executionId()));
    }

    public void alert(SystemAlert alert, String serverId) {
        alerts.fireAsync(alert, ordered.by(serverId));
    }
}
