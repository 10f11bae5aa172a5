package dev.mcphybrid.limits;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;

/** Finds the first string in tool arguments (keys included) longer than the gateway passes on to a server. */
public final class ArgumentLimits {

    private ArgumentLimits() {
    }

    /** A description of the first string over {@code maxLength} characters, naming where it is; empty when none is. */
    public static Optional<String> tooLong(JsonValue value, int maxLength) {
        return find(value, "arguments", maxLength);
    }

    private static Optional<String> find(JsonValue value, String path, int maxLength) {
        if (value instanceof JsonString string && string.getString().length() > maxLength) {
            return Optional.of(path + " is " + string.getString().length() + " characters long; the limit is " + maxLength);
        }
        if (value instanceof JsonObject object) {
            for (var entry : object.entrySet()) {
                if (entry.getKey().length() > maxLength) {
                    return Optional.of("a key in " + path + " is " + entry.getKey().length() + " characters long; the limit is " + maxLength);
                }
                Optional<String> found = find(entry.getValue(), path + "." + entry.getKey(), maxLength);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        if (value instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                Optional<String> found = find(array.get(i), path + "[" + i + "]", maxLength);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
