package dev.mcphybrid.security;

import static dev.mcphybrid.common.JsonSupport.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The downstream credentials the gateway knows (auth secrets, secret-looking env values), and their removal from
 * anything it shows or stores: tool results, audit rows, log entries and events. A server can echo its own
 * credentials back (server-everything's get-env does), so masking by key name alone is not enough.
 */
@ApplicationScoped
public class SecretMask {

    public static final String MASK = "[REDACTED]";
    /** Shorter values would mask ordinary words and numbers; such secrets are too weak to protect anyway. */
    static final int MIN_LENGTH = 6;

    /** Secret value → how many servers use it, so removing one server keeps a value another still uses. */
    private final Map<String, Integer> secrets = new ConcurrentHashMap<>();
    private volatile List<String> longestFirst = List.of();

    public void register(Collection<String> values) {
        values.stream().filter(SecretMask::worthMasking).forEach(v -> secrets.merge(v, 1, Integer::sum));
        refresh();
    }

    public void unregister(Collection<String> values) {
        values.stream().filter(SecretMask::worthMasking).forEach(v -> secrets.computeIfPresent(v, (k, n) -> n > 1 ? n - 1 : null));
        refresh();
    }

    public String mask(String text) {
        List<String> values = longestFirst;
        if (text == null || values.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : values) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /** The same JSON with every string (keys included) masked; the very instance when nothing needed masking. */
    public JsonValue mask(JsonValue value) {
        if (longestFirst.isEmpty() || value == null || !containsSecret(value.toString())) {
            return value;
        }
        return maskDeep(value);
    }

    public JsonObject mask(JsonObject value) {
        return (JsonObject) mask((JsonValue) value);
    }

    private boolean containsSecret(String text) {
        for (String secret : longestFirst) {
            if (text.contains(secret)) {
                return true;
            }
        }
        // JSON escapes can hide a secret with quotes or backslashes; such values are compared per string below
        return longestFirst.stream().anyMatch(s -> s.indexOf('"') >= 0 || s.indexOf('\\') >= 0 || s.indexOf('/') >= 0);
    }

    private JsonValue maskDeep(JsonValue value) {
        if (value instanceof JsonObject object) {
            JsonObjectBuilder out = JSON.createObjectBuilder();
            object.forEach((key, child) -> out.add(mask(key), maskDeep(child)));
            return out.build();
        }
        if (value instanceof JsonArray array) {
            JsonArrayBuilder out = JSON.createArrayBuilder();
            array.forEach(child -> out.add(maskDeep(child)));
            return out.build();
        }
        if (value instanceof JsonString string) {
            String masked = mask(string.getString());
            return masked.equals(string.getString()) ? value : JSON.createValue(masked);
        }
        return value;
    }

    private void refresh() {
        longestFirst = secrets.keySet().stream().sorted((a, b) -> Integer.compare(b.length(), a.length())).toList();
    }

    private static boolean worthMasking(String value) {
        return value != null && value.length() >= MIN_LENGTH;
    }
}
