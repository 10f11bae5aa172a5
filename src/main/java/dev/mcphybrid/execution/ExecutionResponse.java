package dev.mcphybrid.execution;

import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.mcp.Progress;
import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.UUID;

/**
 * The answer of a tool execution: the MCP {@code CallToolResult} exactly as the server returned it (content of
 * every kind, structuredContent, isError), with the audit id, the outcome and the progress seen on the way.
 */
@JsonbPropertyOrder({"executionId", "requestId", "toolId", "status", "cached", "durationMs", "progress", "result"})
public record ExecutionResponse(UUID executionId, String requestId, String toolId, ExecutionStatus status, boolean cached,
                                long durationMs, List<Progress> progress, JsonObject result) {
}
