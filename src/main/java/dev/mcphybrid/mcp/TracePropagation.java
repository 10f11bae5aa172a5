package dev.mcphybrid.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Carries the caller's trace to a downstream server: the W3C trace context ({@code traceparent}, {@code tracestate})
 * of the span current when the request is made goes into the request's {@code params._meta} (where the OpenTelemetry
 * conventions for MCP carry it, whatever the transport) and, over HTTP, into the headers of the HTTP request, so a
 * server that traces joins the trace. The SDK sends on threads of its own: the headers travel to its HTTP request
 * customizer in the Reactor context, as the transport context. Without a current span nothing is added.
 */
final class TracePropagation {

    static final String HEADERS = "mcp-hybrid.trace-headers";

    private TracePropagation() {
    }

    /** The W3C headers of the current span; empty when there is none. */
    static Map<String, String> current() {
        if (!Span.current().getSpanContext().isValid()) {
            return Map.of();
        }
        Map<String, String> headers = new HashMap<>(4);
        W3CTraceContextPropagator.getInstance().inject(Context.current(), headers, Map::put);
        return headers;
    }

    /** {@code meta} with the trace headers added (as it is when there are none). */
    static Map<String, Object> withTrace(Map<String, Object> meta, Map<String, String> headers) {
        if (headers.isEmpty()) {
            return meta;
        }
        Map<String, Object> traced = new HashMap<>(meta);
        traced.putAll(headers);
        return traced;
    }

    /** The request, sent with the trace headers in its transport context. */
    static <T> Mono<T> carrying(Mono<T> request, Map<String, String> headers) {
        if (headers.isEmpty()) {
            return request;
        }
        McpTransportContext context = McpTransportContext.create(Map.of(HEADERS, headers));
        return request.contextWrite(reactor -> reactor.put(McpTransportContext.KEY, context));
    }

    /** Adds the headers a request's transport context carries to the HTTP request. */
    @SuppressWarnings("unchecked")
    static void addHeaders(HttpRequest.Builder builder, McpTransportContext context) {
        if (context != null && context.get(HEADERS) instanceof Map<?, ?> headers) {
            ((Map<String, String>) headers).forEach(builder::setHeader);
        }
    }
}
