package dev.mcphybrid.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The defaults the WAR ships (META-INF/microprofile-config.properties), for code that builds the gateway's objects
 * by hand (unit tests, benchmarks): they start from the same values as a deployed gateway, kept in one place.
 */
public final class ShippedDefaults {

    private static final Properties DEFAULTS = load();

    private ShippedDefaults() {
    }

    /** @throws IllegalArgumentException when the key has no default */
    public static String of(String key) {
        String value = DEFAULTS.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException(key + " has no default in microprofile-config.properties");
        }
        return value;
    }

    public static Properties all() {
        Properties copy = new Properties();
        copy.putAll(DEFAULTS);
        return copy;
    }

    private static Properties load() {
        try (InputStream in = ShippedDefaults.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
