package dev.mcphybrid.events;

import static dev.mcphybrid.common.JsonSupport.JSON;

import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * The one envelope of everything streamed (DESIGN.md "Events"): {@code id} grows by one per event, so a client
 * can ask for what it missed with {@code Last-Event-ID}. The JSON text is built once and shared by every client.
 */
public record GatewayEvent(long id, EventType type, String serverId, Instant timestamp, JsonObject data, String json) {


    static GatewayEvent of(long id, EventType type, String serverId, Instant timestamp, JsonObject data) {
        var envelope = JSON.createObjectBuilder()
                .add("id", String.valueOf(id))
                .add("type", type.wireName());
        if (serverId != null) {
            envelope.add("serverId", serverId);
        }
        envelope.add("timestamp", timestamp.toString()).add("data", data);
        return new GatewayEvent(id, type, serverId, timestamp, data, envelope.build().toString());
    }
}
