package dev.mcphybrid.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The span of one tool execution, from admission to the audit record, current on the executing thread until it ends
 * (so the steps are its children and the MCP request to the server carries its trace). While it is current, log
 * records of the thread carry its trace and span id. Not shared between threads.
 */
public final class CallSpan {

    static final Logger CALLS = Logger.getLogger("dev.mcphybrid.calls");

    private final Tracer tracer;
    private final Span span;
    private final Scope scope;
    private final String traceId;
    private final boolean logFields;
    private final boolean logCall;

    CallSpan(Tracer tracer, Span span, boolean logCall) {
        this.tracer = tracer;
        this.span = span;
        SpanContext context = span.getSpanContext();
        boolean valid = context.isValid();
        this.scope = valid ? span.makeCurrent() : null;
        this.traceId = valid ? context.getTraceId() : null;
        this.logFields = valid && LogFields.available();
        if (logFields) {
            LogFields.set(context.getTraceId(), context.getSpanId());
        }
        this.logCall = logCall;
    }

    /** The trace's id (32 hex digits), or null when the gateway is not tracing. */
    public String traceId() {
        return traceId;
    }

    /** A step of the call, a child of this span. */
    public Phase phase(String name) {
        if (traceId == null) {
            return Phase.NONE;
        }
        Span step = tracer.spanBuilder(name).startSpan();
        return new Phase(step, step.makeCurrent());
    }

    /**
     * The MCP request to the server that has the tool, as a client span following the OpenTelemetry conventions for
     * MCP: {@code tools/call <tool>}, with the method, the tool, and where the server is.
     *
     * @param transport the catalogue's transport name: stdio is a pipe, anything else TCP
     * @param url the server's URL, or null for stdio
     */
    public Phase downstream(String toolName, String serverId, String transport, String url) {
        if (traceId == null) {
            return Phase.NONE;
        }
        Span call = CallTracing.mcpClientSpan(tracer, "tools/call", toolName, serverId, transport, url);
        return new Phase(call, call.makeCurrent());
    }

    /**
     * Ends the call: its outcome on the span, the call's log line when gateway.telemetry.log-calls is on, and the
     * trace ids off the thread's log records.
     *
     * @param status the audit status (SUCCESS, ERROR, TIMEOUT, REJECTED, CANCELLED)
     * @param errorType a short class of the failure (the failure reason, or {@code tool_error}), null on success
     */
    public void end(String toolId, String executionId, String status, String errorType, String error, boolean cached, long durationMs) {
        try {
            if (span.isRecording()) {
                span.setAttribute(CallTracing.STATUS, status);
                span.setAttribute(CallTracing.EXECUTION_ID, executionId);
                if (cached) {
                    span.setAttribute(CallTracing.CACHED, true);
                }
                if (errorType != null) {
                    span.setAttribute(CallTracing.ERROR_TYPE, errorType);
                    span.setStatus(StatusCode.ERROR, error == null ? errorType : error);
                }
            }
            if (logCall && CALLS.isLoggable(Level.INFO)) {
                CALLS.info("Tool call " + toolId + " " + status + " in " + durationMs + " ms" + (cached ? " (cached)" : "")
                        + ", execution " + executionId + (traceId == null ? "" : ", trace " + traceId));
            }
        } finally {
            if (scope != null) {
                scope.close();
            }
            span.end();
            if (logFields) {
                LogFields.clear();
            }
        }
    }
}
