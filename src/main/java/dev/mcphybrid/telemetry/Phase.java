package dev.mcphybrid.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * One step of a call as a span of its own (admission, the downstream request, the audit record), current on the
 * thread until closed, so what the step does on the way (an MCP request) is its child.
 */
public final class Phase implements AutoCloseable {

    static final Phase NONE = new Phase(Span.getInvalid(), null);

    private final Span span;
    private final Scope scope;

    Phase(Span span, Scope scope) {
        this.span = span;
        this.scope = scope;
    }

    /** Marks the step failed: {@code error.type} and an ERROR status with the description. */
    public void failed(String errorType, String description) {
        if (span.isRecording()) {
            span.setAttribute(CallTracing.ERROR_TYPE, errorType);
            span.setStatus(StatusCode.ERROR, description == null ? errorType : description);
        }
    }

    /** Sets a string attribute (nothing when the span records nothing). */
    public void attribute(String key, String value) {
        if (value != null && span.isRecording()) {
            span.setAttribute(key, value);
        }
    }

    @Override
    public void close() {
        if (scope != null) {
            scope.close();
        }
        span.end();
    }
}
