package dev.mcphybrid.execution.boundary;

import dev.mcphybrid.common.JsonBodies;
import dev.mcphybrid.problem.ProblemException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Set;

/** The body of POST /api/tools/{id}/execute: {@code {"arguments": {...}, "timeoutMs": 5000}}, both optional. */
record ExecuteRequest(JsonObject arguments, Duration timeout) {

    private static final Set<String> FIELDS = Set.of("arguments", "timeoutMs");

    /** @throws ProblemException 400 naming what is wrong with the body */
    static ExecuteRequest parse(String body, Duration defaultTimeout, Duration maxTimeout) {
        JsonObject object = body == null || body.isBlank() ? JsonValue.EMPTY_JSON_OBJECT : JsonBodies.object(body);
        for (String key : object.keySet()) {
            if (!FIELDS.contains(key)) {
                throw ProblemException.badRequest("Unknown field '" + key + "'; the body takes arguments and timeoutMs");
            }
        }
        JsonValue arguments = object.getOrDefault("arguments", JsonValue.EMPTY_JSON_OBJECT);
        if (arguments.getValueType() == JsonValue.ValueType.NULL) {
            arguments = JsonValue.EMPTY_JSON_OBJECT;
        }
        if (arguments.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ProblemException.badRequest("arguments must be a JSON object");
        }
        Duration timeout = defaultTimeout;
        JsonValue rawTimeout = object.get("timeoutMs");
        if (rawTimeout != null && rawTimeout.getValueType() != JsonValue.ValueType.NULL) {
            if (!(rawTimeout instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 1
                    || number.longValue() > maxTimeout.toMillis()) {
                throw ProblemException.badRequest("timeoutMs must be a whole number from 1 to " + maxTimeout.toMillis());
            }
            timeout = Duration.ofMillis(number.longValue());
        }
        return new ExecuteRequest(arguments.asJsonObject(), timeout);
    }
}
