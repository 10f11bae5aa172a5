package dev.mcphybrid.execution;

import java.util.UUID;

/** CDI event for each {@code notifications/progress} of a running execution. */
public record ExecutionProgress(UUID executionId, String toolId, String serverId, double progress, Double total, String message) {
}
