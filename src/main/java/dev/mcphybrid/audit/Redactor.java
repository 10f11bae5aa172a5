package dev.mcphybrid.audit;

import static dev.mcphybrid.common.JsonSupport.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.regex.Pattern;

/** Replaces the values of secret-looking keys, at any depth, before arguments are stored or shown. */
public final class Redactor {

    public static final String MASK = "[REDACTED]";

    private final Pattern keys;

    public Redactor(String keyPattern) {
        this.keys = Pattern.compile(keyPattern);
    }

    public JsonValue redact(JsonValue value) {
        if (value instanceof JsonObject object) {
            JsonObjectBuilder out = JSON.createObjectBuilder();
            object.forEach((key, child) -> out.add(key, keys.matcher(key).matches() ? JSON.createValue(MASK) : redact(child)));
            return out.build();
        }
        if (value instanceof JsonArray array) {
            JsonArrayBuilder out = JSON.createArrayBuilder();
            array.forEach(child -> out.add(redact(child)));
            return out.build();
        }
        return value;
    }
}
