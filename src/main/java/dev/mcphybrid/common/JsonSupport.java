package dev.mcphybrid.common;

import jakarta.json.spi.JsonProvider;

/** The one JSON-P provider of the gateway: {@code Json.createX} looks the provider up anew on every call. */
public final class JsonSupport {

    public static final JsonProvider JSON = JsonProvider.provider();

    private JsonSupport() {
    }
}
