package dev.mcphybrid.common;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON-P values as plain Java maps, lists, strings, numbers and booleans: the shape JSON libraries (the MCP SDK's
 * Jackson, YAML) and {@code Json.createObjectBuilder(Map)} take, so a value moves between them without being
 * written out and parsed again. Numbers stay exact: whole numbers as Long (BigInteger beyond), others as BigDecimal.
 */
public final class JsonPlain {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private JsonPlain() {
    }

    public static Map<String, Object> toMap(JsonObject object) {
        Map<String, Object> map = new LinkedHashMap<>(Math.max(4, object.size() * 2));
        object.forEach((k, v) -> map.put(k, toJava(v)));
        return map;
    }

    public static Object toJava(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> toMap((JsonObject) value);
            case ARRAY -> {
                JsonArray array = (JsonArray) value;
                List<Object> list = new ArrayList<>(array.size());
                array.forEach(v -> list.add(toJava(v)));
                yield list;
            }
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> number((JsonNumber) value);
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
        };
    }

    private static Object number(JsonNumber number) {
        if (!number.isIntegral()) {
            return number.bigDecimalValue();
        }
        BigInteger whole = number.bigIntegerValue();
        return whole.compareTo(LONG_MIN) >= 0 && whole.compareTo(LONG_MAX) <= 0 ? (Object) whole.longValue() : whole;
    }
}
