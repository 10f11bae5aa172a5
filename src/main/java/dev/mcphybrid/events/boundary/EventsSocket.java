package dev.mcphybrid.events.boundary;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.events.EventBus;
import dev.mcphybrid.events.EventClient;
import dev.mcphybrid.events.EventFilters;
import dev.mcphybrid.events.EventType;
import dev.mcphybrid.events.Subscription;
import dev.mcphybrid.security.Callers;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.io.StringReader;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * WebSocket at /ws/events. A new connection receives every event; the client narrows it with
 * {@code {"action":"subscribe","types":[...],"servers":[...]}} (replaces the filter; empty lists mean all) and
 * {@code {"action":"unsubscribe","types":[...]}}. Bad messages get {@code {"type":"error","message":...}} and the
 * connection stays open. Messages larger than 64 KiB are refused by the container.
 */
@ServerEndpoint("/ws/events")
public class EventsSocket {

    static final int MAX_MESSAGE_BYTES = 64 * 1024;

    /** Looked up rather than injected: the endpoint is registered programmatically, outside CDI's reach. */
    private EventBus bus;

    private WebSocketSink sink;
    private EventClient client;

    @OnOpen
    public void open(Session session) throws IOException {
        session.setMaxTextMessageBufferSize(MAX_MESSAGE_BYTES);
        bus = CDI.current().select(EventBus.class).get();
        sink = new WebSocketSink(session);
        try {
            String principal = CDI.current().select(Callers.class).get().of(session.getUserPrincipal(), role -> false).name();
            client = bus.connect(sink, Subscription.ALL, null, principal);
        } catch (EventBus.TooManyClientsException e) {
            session.close(new CloseReason(e.perPrincipal() ? CloseReason.CloseCodes.VIOLATED_POLICY : CloseReason.CloseCodes.TRY_AGAIN_LATER,
                    e.perPrincipal() ? "too many event streams for this principal" : "too many event clients"));
        }
    }

    @OnMessage
    public void message(String text, Session session) throws IOException {
        // Liberty does not enforce setMaxTextMessageBufferSize, so the limit is checked here
        if (text.length() > MAX_MESSAGE_BYTES) {
            session.close(new CloseReason(CloseReason.CloseCodes.TOO_BIG, "messages are limited to " + MAX_MESSAGE_BYTES + " bytes"));
            return;
        }
        JsonObject message;
        try (var reader = JSON.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                error("a message must be a JSON object with an action");
                return;
            }
            message = value.asJsonObject();
        } catch (JsonException e) {
            error("malformed JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            return;
        }
        String action = message.getString("action", "");
        try {
            switch (action) {
                case "subscribe" -> {
                    Subscription next = new Subscription(EventFilters.types(strings(message, "types")),
                            Set.copyOf(strings(message, "servers")));
                    client.subscribe(next);
                    ack(action, next);
                }
                case "unsubscribe" -> {
                    Set<EventType> current = client.subscription().types().isEmpty()
                            ? EnumSet.allOf(EventType.class) : EnumSet.copyOf(client.subscription().types());
                    current.removeAll(EventFilters.types(strings(message, "types")));
                    Subscription next = current.isEmpty()
                            ? new Subscription(Set.of(), Set.of(), event -> false) // unsubscribed from everything
                            : new Subscription(Set.copyOf(current), client.subscription().servers());
                    client.subscribe(next);
                    ack(action, next);
                }
                default -> error("unknown action '" + EventFilters.clip(action) + "' (subscribe or unsubscribe)");
            }
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
        }
    }

    @OnClose
    public void close(Session session) {
        if (client != null) {
            bus.disconnect(client);
        }
    }

    @OnError
    public void failed(Session session, Throwable error) {
        if (client != null) {
            bus.disconnect(client);
        }
    }

    private static List<String> strings(JsonObject message, String field) {
        JsonValue value = message.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || !array.stream().allMatch(v -> v instanceof JsonString)) {
            throw new IllegalArgumentException(field + " must be an array of strings");
        }
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private void ack(String action, Subscription subscription) {
        Set<String> types = new HashSet<>();
        subscription.types().forEach(t -> types.add(t.wireName()));
        sink.reply(JSON.createObjectBuilder().add("type", "subscribed").add("action", action)
                .add("types", JSON.createArrayBuilder(types)).add("servers", JSON.createArrayBuilder(subscription.servers()))
                .build().toString());
    }

    private void error(String message) {
        sink.reply(JSON.createObjectBuilder().add("type", "error").add("message", message).build().toString());
    }
}
