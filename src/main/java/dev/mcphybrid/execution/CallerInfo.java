package dev.mcphybrid.execution;

/** Who asked for a call and from where, as recorded in the audit log. */
public record CallerInfo(String principal, String clientAddress, String clientAgent, String requestId) {
}
