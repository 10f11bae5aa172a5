package dev.mcphybrid.events;

import static dev.mcphybrid.common.JsonSupport.JSON;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The one envelope of everything streamed (DESIGN.md "Events"): {@code id} grows by one per event, so a client
 * can ask for what it missed with {@code Last-Event-ID}. The JSON text is built once and shared by every client,
 * as text (WebSocket) and as UTF-8 bytes (SSE writes bytes). It holds no line break: JSON-P escapes them in strings.
 * In a cluster, {@code instance} names the instance the event happened on: stdio servers, health checks and the
 * connections to servers are each instance's own, so "everything is UNHEALTHY" is true of one instance.
 */
public record GatewayEvent(long id, EventType type, String serverId, Instant timestamp, JsonObject data, String json,
                           byte[] jsonUtf8) {

    static GatewayEvent of(long id, EventType type, String serverId, Instant timestamp, JsonObject data) {
        return of(id, type, serverId, null, timestamp, data);
    }

    static GatewayEvent of(long id, EventType type, String serverId, String instance, Instant timestamp, JsonObject data) {
        var envelope = JSON.createObjectBuilder()
                .add("id", String.valueOf(id))
                .add("type", type.wireName());
        if (serverId != null) {
            envelope.add("serverId", serverId);
        }
        if (instance != null) {
            envelope.add("instance", instance);
        }
        envelope.add("timestamp", timestamp.toString()).add("data", data);
        String json = envelope.build().toString();
        return new GatewayEvent(id, type, serverId, timestamp, data, json, json.getBytes(StandardCharsets.UTF_8));
    }
}
