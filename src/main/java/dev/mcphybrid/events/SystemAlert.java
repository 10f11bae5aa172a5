package dev.mcphybrid.events;

import java.time.Instant;

/** Something an operator should know about now (streamed as {@code system_alert}). */
public record SystemAlert(Level level, String source, String serverId, String message, Instant at) {

    public enum Level { INFO, WARNING, CRITICAL }

    public static SystemAlert warning(String source, String serverId, String message) {
        return new SystemAlert(Level.WARNING, source, serverId, message, Instant.now());
    }

    public static SystemAlert info(String source, String serverId, String message) {
        return new SystemAlert(Level.INFO, source, serverId, message, Instant.now());
    }
}
