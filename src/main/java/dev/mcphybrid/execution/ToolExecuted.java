package dev.mcphybrid.execution;

import dev.mcphybrid.audit.ExecutionStatus;
import java.time.Instant;
import java.util.UUID;

/** CDI event fired after every execution, whatever its outcome (streamed as {@code execution}). */
public record ToolExecuted(UUID executionId, String toolId, String serverId, ExecutionStatus status, boolean cached,
                           long durationMs, String principal, String error, Instant startedAt) {
}
