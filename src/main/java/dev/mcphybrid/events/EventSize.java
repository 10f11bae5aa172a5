package dev.mcphybrid.events;

import static dev.mcphybrid.common.JsonSupport.JSON;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;

/**
 * Bounds what one event can weigh ({@code gateway.events.max-event-bytes}). An event whose data is too big keeps its
 * place in the stream (its id, type, server and time) with its data cut down to the small scalar members, each string
 * clipped, plus {@code "truncated": true} and {@code "originalBytes"}: a dashboard still sees that a call finished,
 * under its executionId, with its status and duration, and ids stay gapless, so nothing looks lost on replay.
 */
final class EventSize {

    /** Room left in the bound for the envelope's own members: id, type, serverId, instance, timestamp. */
    static final int ENVELOPE_ALLOWANCE = 512;
    /** The members of a truncated event's data kept at most, in their order, and how much of each string. */
    static final int KEPT_MEMBERS = 16;
    static final int KEPT_STRING_CHARS = 256;

    private EventSize() {
    }

    /** What a truncation did: the bounded data, and the size of the data it replaced (0 when it kept it). */
    record Bounded(JsonObject data, long originalBytes) {
        boolean truncated() {
            return originalBytes > 0;
        }
    }

    /** {@code data} as is if its JSON fits in {@code maxEventBytes} less the envelope's allowance, else cut down. */
    static Bounded bound(JsonObject data, int maxEventBytes) {
        int limit = Math.max(0, maxEventBytes - ENVELOPE_ALLOWANCE);
        String json = data.toString();
        // JSON-P escapes control characters, so this is the text a client gets; ASCII counts one byte a character
        if (json.length() <= limit / 3) {
            return new Bounded(data, 0); // even all three-byte characters would fit: no need to count
        }
        long bytes = utf8Length(json);
        if (bytes <= limit) {
            return new Bounded(data, 0);
        }
        JsonObject cut = cut(data, bytes);
        if (utf8Length(cut.toString()) > limit) {
            cut = JSON.createObjectBuilder().add("truncated", true).add("originalBytes", bytes).build();
        }
        return new Bounded(cut, bytes);
    }

    private static JsonObject cut(JsonObject data, long originalBytes) {
        JsonObjectBuilder kept = JSON.createObjectBuilder();
        int members = 0;
        for (Map.Entry<String, JsonValue> member : data.entrySet()) {
            if (members == KEPT_MEMBERS) {
                break;
            }
            String name = clip(member.getKey());
            JsonValue value = member.getValue();
            switch (value.getValueType()) {
                case STRING -> kept.add(name, clip(((JsonString) value).getString()));
                case NUMBER -> kept.add(name, (JsonNumber) value);
                case TRUE, FALSE, NULL -> kept.add(name, value);
                default -> {
                    continue; // arrays and objects are where the weight is; they go
                }
            }
            members++;
        }
        return kept.add("truncated", true).add("originalBytes", originalBytes).build();
    }

    private static String clip(String text) {
        if (text.length() <= KEPT_STRING_CHARS) {
            return text;
        }
        int end = KEPT_STRING_CHARS;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never half a character
        }
        return text.substring(0, end) + "...";
    }

    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
