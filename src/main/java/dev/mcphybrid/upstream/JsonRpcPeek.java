package dev.mcphybrid.upstream;

import static dev.mcphybrid.common.JsonSupport.JSON;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
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
