package dev.mcphybrid.upstream;

import static dev.mcphybrid.common.JsonSupport.JSON;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;

/** The few members of a JSON-RPC message the session filter needs; anything else is left to the SDK to judge. */
record JsonRpcPeek(String method, JsonValue id, JsonObject params) {

    static final JsonRpcPeek NONE = new JsonRpcPeek(null, null, null);

    static JsonRpcPeek of(byte[] body) {
        if (body == null || body.length == 0) {
            return NONE;
        }
        try (var reader = JSON.createReader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject message)) {
                return NONE;
            }
            JsonValue method = message.get("method");
            JsonValue params = message.get("params");
            return new JsonRpcPeek(method instanceof jakarta.json.JsonString s ? s.getString() : null, message.get("id"),
                    params instanceof JsonObject p ? p : null);
        } catch (JsonException | IllegalStateException e) {
            return NONE;
        }
    }

    /**
     * Only the method and id, read without building the rest: a tool call's params (its arguments, possibly large)
     * are skipped over rather than turned into a tree that the SDK would build once more.
     */
    static JsonRpcPeek head(byte[] body) {
        if (body == null || body.length == 0) {
            return NONE;
        }
        try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(body))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                return NONE;
            }
            String method = null;
            JsonValue id = null;
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.END_OBJECT) {
                    return new JsonRpcPeek(method, id, null);
                }
                String key = parser.getString();
                switch (parser.next()) {
                    case START_OBJECT -> parser.skipObject();
                    case START_ARRAY -> parser.skipArray();
                    case VALUE_STRING -> {
                        if ("method".equals(key)) {
                            method = parser.getString();
                        } else if ("id".equals(key)) {
                            id = parser.getValue();
                        }
                    }
                    default -> {
                        if ("id".equals(key)) {
                            id = parser.getValue();
                        }
                    }
                }
            }
            return NONE; // the object never ended
        } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
            return NONE;
        }
    }

    boolean isInitialize() {
        return "initialize".equals(method) && id != null;
    }

    String paramsJson() {
        return params == null ? "{}" : params.toString();
    }

    /** The id to answer with: the request's, or null for anything else (JSON-RPC's rule for unidentifiable requests). */
    JsonValue answerId() {
        return id == null ? JsonValue.NULL : id;
    }
}
