package dev.mcphybrid.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * What the gateway remembers of one tool call, before it reaches the database. Arguments are already redacted
 * JSON text; a call made by a workflow step names its run and step; the trace id is that of the call's trace (README, "Traces and
 * logs"), null when nothing traced it. Immutable, so it can sit in memory or in the disk spool and be written later exactly as it was.
 */
public record AuditRecord(
        UUID id,
        String requestId,
        String toolId,
        String serverId,
        String toolName,
        String principal,
        String clientAddress,
        String clientAgent,
        String arguments,
        String resultSummary,
        Integer resultSize,
        ExecutionStatus status,
        String error,
        boolean cached,
        Instant startedAt,
        long durationMs,
        UUID workflowRunId,
        String workflowStep,
        String traceId) {
}
