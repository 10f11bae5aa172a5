package dev.mcphybrid.dogfood;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.events.EventBus;
import dev.mcphybrid.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

/** Puts each write to the gateway's own memory on the event stream as a {@code memory_update} envelope. */
@ApplicationScoped
public class MemoryEventPublisher {

    @Inject
    EventBus bus;

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
