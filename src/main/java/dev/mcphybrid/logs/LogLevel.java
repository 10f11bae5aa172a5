package dev.mcphybrid.logs;

import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;

/** MCP log levels (RFC 5424 names) in order, with the mapping of the gateway's own java.util.logging levels. */
public enum LogLevel {
    DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LogLevel> of(String name) {
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    static LogLevel of(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return ERROR;
        }
        if (value >= Level.WARNING.intValue()) {
            return WARNING;
        }
        return value >= Level.INFO.intValue() ? INFO : DEBUG;
    }
}
