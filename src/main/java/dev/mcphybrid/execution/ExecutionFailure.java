package dev.mcphybrid.execution;

import dev.mcphybrid.audit.ExecutionStatus;
import java.util.List;

/**
 * A call that ended without a tool result, for a {@link FailureReason}. The detail is safe to show to the caller
 * (secrets masked); {@code violations} lists every schema violation; {@code retryAfterSeconds} is set when trying
 * again later may succeed.
 */
public class ExecutionFailure extends RuntimeException {

    private final FailureReason reason;
    private final String detail;
    private final List<String> violations;
    private final Long retryAfterSeconds;

    public ExecutionFailure(FailureReason reason, String detail, List<String> violations, Long retryAfterSeconds) {
        super(reason + ": " + detail, null, false, false); // a refusal is an answer, not a fault: no stack to fill
        this.reason = reason;
        this.detail = detail;
        this.violations = violations == null ? List.of() : List.copyOf(violations);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ExecutionFailure(FailureReason reason, String detail) {
        this(reason, detail, List.of(), null);
    }

    public ExecutionFailure(FailureReason reason, String detail, Long retryAfterSeconds) {
        this(reason, detail, List.of(), retryAfterSeconds);
    }

    public FailureReason reason() {
        return reason;
    }

    public ExecutionStatus status() {
        return reason.status();
    }

    public String detail() {
        return detail;
    }

    public List<String> violations() {
        return violations;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The detail with every violation, as the audit log's error column and an MCP error message carry it. */
    public String describe() {
        return violations.isEmpty() ? detail : detail + ": " + String.join("; ", violations);
    }
}
