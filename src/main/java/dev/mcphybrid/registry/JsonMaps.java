package dev.mcphybrid.registry;

import static dev.mcphybrid.common.JsonSupport.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON-P values as plain Java maps and lists, the shape {@link ServerDefinitionReader} reads (as from YAML). */
public final class JsonMaps {

    private JsonMaps() {
    }

    public static Map<String, Object> parseObject(String json) {
        try (var reader = JSON.createReader(new StringReader(json))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) toJava(reader.readObject());
            return map;
        }
    }

    public static Object toJava(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((JsonObject) value).forEach((k, v) -> map.put(k, toJava(v)));
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                ((JsonArray) value).forEach(v -> list.add(toJava(v)));
                yield list;
            }
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).isIntegral() ? (Object) ((JsonNumber) value).longValue() : ((JsonNumber) value).doubleValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }
}
