package dev.mcphybrid.audit;

/** How a tool call ended, as stored in {@code tool_execution.status}. */
public enum ExecutionStatus {
    /** The tool ran and answered (a cache hit too). */
    SUCCESS,
    /** The tool reported an error, or the server or transport failed. */
    ERROR,
    /** No answer within the call's timeout; the server was sent notifications/cancelled. */
    TIMEOUT,
    /** The gateway refused the call: invalid arguments, unknown tool, circuit open, bulkhead full, policy. */
    REJECTED,
    /** The caller gave up on the call (an MCP client's notifications/cancelled); the server was told to stop. */
    CANCELLED
}
