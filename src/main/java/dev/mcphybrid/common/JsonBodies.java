package dev.mcphybrid.common;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.problem.ProblemException;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** Reads request bodies ourselves, so malformed JSON gets a 400 that says what is wrong and where. */
public final class JsonBodies {


    private JsonBodies() {
    }

    public static JsonObject object(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("A JSON object body is required");
        }
        JsonValue value;
        try (var reader = JSON.createReader(new StringReader(body))) {
            value = reader.readValue();
        } catch (JsonException e) {
            String message = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("");
            throw ProblemException.badRequest("Malformed JSON: " + message);
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ProblemException.badRequest("The body must be a JSON object, not " + value.getValueType().name().toLowerCase());
        }
        return value.asJsonObject();
    }
}
