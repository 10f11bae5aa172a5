package dev.mcphybrid.it;

import jakarta.json.JsonObject;
import java.util.function.Predicate;

/** Matches {@code system_alert} events on an SSE stream by their source, level and message. */
final class SystemAlerts {

    private SystemAlerts() {
    }

    static Predicate<SseClient.Event> alert(String source, String level, String messagePart) {
        return event -> {
            if (!"system_alert".equals(event.name())) {
                return false;
            }
            JsonObject data = event.json().getJsonObject("data");
            return source.equals(data.getString("source")) && level.equals(data.getString("level"))
                    && data.getString("message").contains(messagePart);
        };
    }
}
