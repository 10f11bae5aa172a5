package dev.mcphybrid.security;

import java.util.Locale;

/** How callers are authenticated, from {@code gateway.auth}. The value also picks liberty/auth-*.xml. */
public enum AuthMode {
    JWT, OFF;

    public static final String PROPERTY = "gateway.auth";

    /** @throws IllegalArgumentException for anything but jwt or off: a typo must never leave the gateway open */
    public static AuthMode parse(String value) {
        String text = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "jwt" -> JWT;
            case "off" -> OFF;
            default -> throw new IllegalArgumentException(PROPERTY + " must be jwt or off, not '" + value + "'");
        };
    }
}
