package dev.mcphybrid.execution;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.events.EventBus;
import dev.mcphybrid.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;

/** Puts each execution's progress and end on the event stream as {@code execution} envelopes, in the order fired. */
@ApplicationScoped
public class ExecutionEventPublisher {

    @Inject
    EventBus bus;

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
}
