package dev.mcphybrid.registry;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.common.JsonPlain;
import jakarta.json.JsonValue;
import java.io.StringReader;
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
        return JsonPlain.toJava(value);
    }
}
