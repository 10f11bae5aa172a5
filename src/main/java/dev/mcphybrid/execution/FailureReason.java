package dev.mcphybrid.execution;

import dev.mcphybrid.audit.ExecutionStatus;

/**
 * Why a call ended without a tool result. Each reason decides the call's audit status here, and its HTTP problem
 * and MCP error at the boundaries that render it.
 */
public enum FailureReason {
    /** The request itself is malformed (REST body, overlong argument). */
    BAD_REQUEST(ExecutionStatus.REJECTED),
    /** The arguments violate the tool's input schema. */
    INVALID_ARGUMENTS(ExecutionStatus.REJECTED),
    UNKNOWN_TOOL(ExecutionStatus.REJECTED),
    /** The access policy refuses the caller this tool. */
    FORBIDDEN(ExecutionStatus.REJECTED),
    RATE_LIMITED(ExecutionStatus.REJECTED),
    /** Refused without trying: the server failed too often lately. */
    CIRCUIT_OPEN(ExecutionStatus.REJECTED),
    /** Refused without trying: the server has as many calls running as it may. */
    SERVER_BUSY(ExecutionStatus.REJECTED),
    /** The server is down, reconnecting or isolated as unresponsive. */
    SERVER_UNAVAILABLE(ExecutionStatus.ERROR),
    /** The server answered the call with a JSON-RPC error. */
    SERVER_ERROR(ExecutionStatus.ERROR),
    /** The connection broke during the call. */
    SERVER_UNREACHABLE(ExecutionStatus.ERROR),
    TIMEOUT(ExecutionStatus.TIMEOUT),
    /** The caller gave up on the call while it ran. */
    CANCELLED(ExecutionStatus.CANCELLED);

    private final ExecutionStatus status;

    FailureReason(ExecutionStatus status) {
        this.status = status;
    }

    /** How the audit log records a call that ended for this reason. */
    public ExecutionStatus status() {
        return status;
    }
}
