package dev.mcphybrid.testing;

import dev.mcphybrid.events.EventBus;
import dev.mcphybrid.events.EventType;
import dev.mcphybrid.events.GatewayEvent;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An event bus that keeps what is published instead of streaming it; {@link #whilePublishing} runs inside each publish. */
public final class RecordingBus extends EventBus {

    /** One publish call, as the producer made it. */
    public record Published(EventType type, String serverId, JsonObject data) {
    }

    public final List<Published> published = new CopyOnWriteArrayList<>();
    public Runnable whilePublishing = () -> { };

    @Override
    public GatewayEvent publish(EventType type, String serverId, JsonObject data) {
        published.add(new Published(type, serverId, data));
        whilePublishing.run();
        return null;
    }
}
