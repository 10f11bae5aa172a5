package dev.mcphybrid.execution;

import static dev.mcphybrid.common.JsonSupport.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.TreeMap;

/** JSON text with object keys sorted at every depth, so equal arguments give equal cache keys. */
final class CanonicalJson {


    private CanonicalJson() {
    }

    static String of(JsonValue value) {
        StringBuilder out = new StringBuilder();
        write(value == null ? JsonValue.EMPTY_JSON_OBJECT : value, out);
        return out.toString();
    }

    private static void write(JsonValue value, StringBuilder out) {
        if (value instanceof JsonObject object) {
            out.append('{');
            boolean first = true;
            for (var entry : new TreeMap<>(object).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(JSON.createValue(entry.getKey())).append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof JsonArray array) {
            out.append('[');
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(array.get(i), out);
            }
            out.append(']');
        } else {
            out.append(value);
        }
    }
}
