package dev.mcphybrid.registry;

/** CDI event: a log line from a downstream server (MCP notifications/message, or stderr of a stdio server). */
public record DownstreamLog(String serverId, String level, String logger, String message) {
}
