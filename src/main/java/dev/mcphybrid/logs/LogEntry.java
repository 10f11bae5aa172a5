package dev.mcphybrid.logs;

import java.time.Instant;

/**
 * One log line from anywhere the gateway sees: an MCP server's {@code notifications/message}, a stdio server's
 * stderr, or the gateway itself. {@code source} is the server id or {@code gateway}; {@code level} uses the MCP
 * (syslog) names: debug, info, notice, warning, error, critical, alert, emergency.
 */
public record LogEntry(long id, Instant timestamp, String source, String level, String logger, String message) {
}
