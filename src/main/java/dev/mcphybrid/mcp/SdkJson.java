package dev.mcphybrid.mcp;

import static dev.mcphybrid.common.JsonSupport.JSON;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The SDK speaks Jackson 3; the rest of the gateway speaks JSON-P/JSON-B. This is the one place where SDK objects
 * become JSON-P values, through the SDK's own mapper, so schemas and results reach clients as the server sent them.
 */
final class SdkJson {


    private final McpJsonMapper mapper;

    SdkJson(McpJsonMapper mapper) {
        this.mapper = mapper;
    }

    ToolInfo tool(McpSchema.Tool tool) {
        return new ToolInfo(tool.name(), tool.title(), tool.description(), toObject(tool.inputSchema()),
                toObject(tool.outputSchema()), toObject(tool.annotations()));
    }

    JsonObject toObject(Object sdkValue) {
        JsonValue value = toValue(sdkValue);
        return value instanceof JsonObject object ? object : null;
    }

    JsonArray toArray(Object sdkValue) {
        JsonValue value = toValue(sdkValue);
        return value instanceof JsonArray array ? array : null;
    }

    private JsonValue toValue(Object sdkValue) {
        if (sdkValue == null) {
            return null;
        }
        // the SDK's mapper turns its records into plain maps and lists, which JSON-P builds from directly
        Object plain = mapper.convertValue(sdkValue, Object.class);
        if (plain instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) map;
            return JSON.createObjectBuilder(object).build();
        }
        if (plain instanceof java.util.Collection<?> list) {
            return JSON.createArrayBuilder(list).build();
        }
        try (var reader = JSON.createReader(new StringReader(mapper.writeValueAsString(sdkValue)))) {
            return reader.readValue();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot render MCP value as JSON", e);
        }
    }
}
