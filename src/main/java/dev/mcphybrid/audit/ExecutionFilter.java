package dev.mcphybrid.audit;

import java.time.Instant;

/** Which executions a query wants; null fields do not filter. {@code traceId}: 32 lower-case hex digits. */
public record ExecutionFilter(String serverId, String toolId, String principal, ExecutionStatus status, Instant from, Instant to,
                              String traceId) {

    public ExecutionFilter(String serverId, String toolId, String principal, ExecutionStatus status, Instant from, Instant to) {
        this(serverId, toolId, principal, status, from, to, null);
    }
}
