package dev.mcphybrid.audit;

import java.time.Instant;

/** Which executions a query wants; null fields do not filter. */
public record ExecutionFilter(String serverId, String toolId, String principal, ExecutionStatus status, Instant from, Instant to) {
}
