package dev.mcphybrid.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Traces of tool calls (README, "Traces and logs"): one trace per call, whether it came over REST or {@code /mcp},
 * with a span for the execution and children for admission, the MCP request to the server and the audit record.
 * The tracer is MicroProfile Telemetry's: while OpenTelemetry is off (otel.sdk.disabled, the default) it makes
 * no spans, and this class does no more than check that.
 */
@ApplicationScoped
public class CallTracing {

    private static final Logger LOG = Logger.getLogger(CallTracing.class.getName());

    static final String ERROR_TYPE = "error.type";
    static final String STATUS = "gateway.execution.status";
    static final String EXECUTION_ID = "gateway.execution.id";
    static final String CACHED = "gateway.execution.cached";
    static final String TOOL_ID = "gateway.tool.id";
    static final String SERVER_ID = "gateway.server.id";

    @Inject
    Tracer tracer;

    @Inject
    @ConfigProperty(name = "gateway.telemetry.principal")
    String principalSetting;

    @Inject
    @ConfigProperty(name = "gateway.telemetry.log-calls")
    boolean logCalls;

    private PrincipalAttribute principal;

    @PostConstruct
    void init() {
        principal = PrincipalAttribute.of(principalSetting);
    }

    /** Checks gateway.telemetry.principal at start-up (a wrong value stops the application) and says when tracing is on. */
    void onStartup(@Observes Startup startup) {
        // a span that is never ended is never exported; whether it has an id says whether the SDK is on
        if (tracer.spanBuilder("startup").startSpan().getSpanContext().isValid()) {
            LOG.info(() -> "Tool calls are traced (OpenTelemetry is on); spans name the caller "
                    + (principal == PrincipalAttribute.NONE ? "not at all" : "by " + principal.key()));
        }
    }

    /** Tracing wired by hand (benchmarks, unit tests). */
    public static CallTracing of(Tracer tracer, PrincipalAttribute principal, boolean logCalls) {
        CallTracing tracing = new CallTracing();
        tracing.tracer = tracer;
        tracing.principal = principal;
        tracing.logCalls = logCalls;
        return tracing;
    }

    /** No spans, as with OpenTelemetry off. */
    public static CallTracing off() {
        return of(OpenTelemetry.noop().getTracer("mcp-hybrid-server"), PrincipalAttribute.NONE, false);
    }

    /**
     * Starts the span of one tool execution, a child of the thread's current span (the REST request's, or the
     * {@code /mcp} request's), named as the OpenTelemetry GenAI conventions name a tool execution. It is current on
     * this thread until {@link CallSpan#end}.
     */
    public CallSpan execution(String toolId, String serverId, String toolName, String principalName) {
        SpanBuilder builder = tracer.spanBuilder("execute_tool " + toolId);
        Span span = builder.startSpan();
        if (span.isRecording()) {
            span.setAttribute("gen_ai.operation.name", "execute_tool");
            span.setAttribute("gen_ai.tool.name", toolName);
            span.setAttribute(TOOL_ID, toolId);
            span.setAttribute(SERVER_ID, serverId);
            String who = principal.value(principalName);
            if (who != null) {
                span.setAttribute(principal.key(), who);
            }
        }
        return new CallSpan(tracer, span, logCalls);
    }

    /**
     * Starts the server span of an MCP request the gateway received on {@code /mcp} ({@code tools/call <tool>}),
     * current on this thread until the returned phase closes. Its parent is the trace context in the request's
     * {@code params._meta} (where the OpenTelemetry conventions for MCP carry it), else the HTTP request's: the span
     * the runtime made for it, or the {@code traceparent} header the client sent.
     *
     * @param meta the request's {@code _meta}, or null
     * @param http the context of the HTTP request that carried the message (see {@link #httpContext})
     */
    public Phase mcpRequest(String method, String target, Map<String, Object> meta, Object http, String sessionId) {
        Context parent = parent(meta, http);
        SpanBuilder builder = tracer.spanBuilder(target == null ? method : method + " " + target)
                .setSpanKind(SpanKind.SERVER).setParent(parent);
        Span span = builder.startSpan();
        if (!span.getSpanContext().isValid()) {
            return Phase.NONE;
        }
        if (span.isRecording()) {
            span.setAttribute("mcp.method.name", method);
            if (target != null && method.equals("tools/call")) {
                span.setAttribute("gen_ai.tool.name", target);
                span.setAttribute("gen_ai.operation.name", "execute_tool");
            }
            if (sessionId != null) {
                span.setAttribute("mcp.session.id", sessionId);
            }
        }
        return new Phase(span, span.makeCurrent());
    }

    /**
     * What {@link #mcpRequest} needs of the HTTP request that carried an MCP message, taken on the thread that
     * received it (the SDK handles the message on another): the current context when it holds a span, else the
     * one the W3C headers name; null when there is neither.
     */
    public Object httpContext(String traceparent, String tracestate) {
        if (Span.current().getSpanContext().isValid()) {
            return Context.current();
        }
        if (traceparent == null) {
            return null;
        }
        Context extracted = extract(traceparent, tracestate);
        return Span.fromContext(extracted).getSpanContext().isValid() ? extracted : null;
    }

    /**
     * Makes a context from {@link #httpContext} current on this thread until the scope closes (nothing for null): a
     * REST call then joins the trace its client's {@code traceparent} names even while the gateway makes no spans.
     */
    public Scope resume(Object http) {
        return http instanceof Context context && context != Context.current() ? context.makeCurrent() : Scope.noop();
    }

    private static Context parent(Map<String, Object> meta, Object http) {
        if (meta != null && meta.get("traceparent") instanceof String traceparent) {
            Object state = meta.get("tracestate");
            Context fromMeta = extract(traceparent, state instanceof String s ? s : null);
            if (Span.fromContext(fromMeta).getSpanContext().isValid()) {
                return fromMeta;
            }
        }
        return http instanceof Context context ? context : Context.root();
    }

    private static Context extract(String traceparent, String tracestate) {
        Map<String, String> carrier = tracestate == null ? Map.of("traceparent", traceparent)
                : Map.of("traceparent", traceparent, "tracestate", tracestate);
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, MAP_GETTER);
    }

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    /** A client span of an MCP request to a downstream server, per the OpenTelemetry conventions for MCP. */
    static Span mcpClientSpan(Tracer tracer, String method, String target, String serverId, String transport, String url) {
        Span span = tracer.spanBuilder(target == null ? method : method + " " + target).setSpanKind(SpanKind.CLIENT).startSpan();
        if (span.isRecording()) {
            span.setAttribute("mcp.method.name", method);
            if (target != null && method.equals("tools/call")) {
                span.setAttribute("gen_ai.tool.name", target);
                span.setAttribute("gen_ai.operation.name", "execute_tool");
            }
            span.setAttribute(SERVER_ID, serverId);
            boolean stdio = "stdio".equals(transport);
            span.setAttribute("network.transport", stdio ? "pipe" : "tcp");
            if (!stdio && url != null) {
                try {
                    URI uri = URI.create(url);
                    if (uri.getHost() != null) {
                        span.setAttribute("server.address", uri.getHost());
                        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
                        span.setAttribute("server.port", port);
                    }
                } catch (IllegalArgumentException e) {
                    // a URL the catalogue took is well formed; without one the span just has no address
                }
            }
        }
        return span;
    }

    /** The trace id of the thread's current span, or null. */
    public static String currentTraceId() {
        SpanContext context = Span.current().getSpanContext();
        return context.isValid() ? context.getTraceId() : null;
    }
}
