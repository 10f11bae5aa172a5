package dev.mcphybrid.audit;

import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.UUID;

/**
 * One audited execution as the API shows it; {@code arguments} are the redacted arguments as JSON; a workflow
 * step's call names its run and step; {@code traceId} is the call's
 * trace, when it was traced.
 */
public record ExecutionView(UUID id, String requestId, String toolId, String serverId, String toolName, String principal,
                            String clientAddress, String clientAgent, JsonValue arguments, String resultSummary,
                            Integer resultSize, ExecutionStatus status, String error, boolean cached, Instant startedAt,
                            long durationMs, UUID workflowRunId, String workflowStep, String traceId) {
}
