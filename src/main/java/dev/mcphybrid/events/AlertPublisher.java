package dev.mcphybrid.events;

import static dev.mcphybrid.common.JsonSupport.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;

/**
 * Puts every {@link SystemAlert} on the event stream. The gateway's other parts publish their own events through
 * {@link EventBus}; the event stream depends on none of them.
 */
@ApplicationScoped
public class AlertPublisher {

    @Inject
    EventBus bus;

    void alert(@ObservesAsync SystemAlert alert) {
        JsonObjectBuilder data = JSON.createObjectBuilder()
                .add("level", alert.level().name())
                .add("source", alert.source())
                .add("message", alert.message());
        bus.publish(EventType.SYSTEM_ALERT, alert.serverId(), data.build());
    }
}
