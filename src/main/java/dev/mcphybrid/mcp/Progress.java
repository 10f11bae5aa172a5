package dev.mcphybrid.mcp;

/** One {@code notifications/progress} of a running call. */
public record Progress(double progress, Double total, String message) {
}
