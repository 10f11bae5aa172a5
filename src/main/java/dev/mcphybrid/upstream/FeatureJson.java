package dev.mcphybrid.upstream;

import static dev.mcphybrid.common.JsonSupport.JSON;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/** The JSON of a tool, resource or prompt as the gateway lists it; an optional field the server left out stays out. */
final class FeatureJson {

    private final JsonObjectBuilder object = JSON.createObjectBuilder();

    FeatureJson add(String name, String value) {
        object.add(name, value);
        return this;
    }

    FeatureJson add(String name, JsonValue value) {
        object.add(name, value);
        return this;
    }

    FeatureJson addIfPresent(String name, String value) {
        return value == null ? this : add(name, value);
    }

    FeatureJson addIfPresent(String name, JsonValue value) {
        return value == null ? this : add(name, value);
    }

    String json() {
        return object.build().toString();
    }
}
