package dev.mcphybrid.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where the server span of an MCP request received on /mcp finds its parent, with the real OpenTelemetry SDK. */
class CallTracingTest {

    private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01";

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final Tracer tracer = provider.get("test");
    private final CallTracing tracing = CallTracing.of(tracer, PrincipalAttribute.HASH, false);

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void the_trace_context_in_params_meta_is_the_parent_as_the_mcp_conventions_say() {
        Object http = tracing.httpContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null);

        try (Phase span = tracing.mcpRequest("tools/call", "everything__echo", Map.of("traceparent", TRACEPARENT, "progressToken", 1),
                http, "session-1")) {
            assertThat(CallTracing.currentTraceId()).isEqualTo(CLIENT_TRACE);
        }

        SpanData server = exporter.getFinishedSpanItems().get(0);
        assertThat(server.getName()).isEqualTo("tools/call everything__echo");
        assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(server.getTraceId()).isEqualTo(CLIENT_TRACE);
        assertThat(server.getParentSpanId()).isEqualTo(CLIENT_SPAN);
        assertThat(server.getAttributes().get(AttributeKey.stringKey("mcp.method.name"))).isEqualTo("tools/call");
        assertThat(server.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name"))).isEqualTo("everything__echo");
        assertThat(server.getAttributes().get(AttributeKey.stringKey("mcp.session.id"))).isEqualTo("session-1");
    }

    @Test
    void without_meta_the_traceparent_header_of_the_http_request_is_the_parent() {
        Object http = tracing.httpContext(TRACEPARENT, "rojo=00f067aa0ba902b7");

        tracing.mcpRequest("tools/call", "everything__echo", Map.of("progressToken", 1), http, null).close();

        assertThat(exporter.getFinishedSpanItems().get(0).getTraceId()).isEqualTo(CLIENT_TRACE);
        assertThat(exporter.getFinishedSpanItems().get(0).getParentSpanId()).isEqualTo(CLIENT_SPAN);
        assertThat(exporter.getFinishedSpanItems().get(0).getSpanContext().getTraceState().get("rojo")).isEqualTo("00f067aa0ba902b7");
    }

    @Test
    void the_span_the_runtime_made_for_the_http_request_wins_over_its_headers() {
        Span runtime = tracer.spanBuilder("POST /mcp").setSpanKind(SpanKind.SERVER).startSpan();
        Object http;
        try (Scope scope = runtime.makeCurrent()) {
            http = tracing.httpContext(TRACEPARENT, null);
        }
        runtime.end();

        tracing.mcpRequest("tools/call", "everything__echo", null, http, null).close();

        SpanData server = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().startsWith("tools/call")).findFirst().orElseThrow();
        assertThat(server.getParentSpanId()).isEqualTo(runtime.getSpanContext().getSpanId());
    }

    @Test
    void a_malformed_traceparent_is_ignored_and_the_request_starts_a_trace_of_its_own() {
        assertThat(tracing.httpContext("00-not-a-trace-01", null)).isNull();
        assertThat(tracing.httpContext(null, null)).isNull();

        tracing.mcpRequest("tools/call", "x", Map.of("traceparent", "garbage"), null, null).close();

        assertThat(exporter.getFinishedSpanItems().get(0).getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void resume_makes_the_clients_trace_current_and_nothing_else() {
        Object http = tracing.httpContext(TRACEPARENT, null);
        try (Scope scope = tracing.resume(http)) {
            assertThat(CallTracing.currentTraceId()).isEqualTo(CLIENT_TRACE);
        }
        assertThat(CallTracing.currentTraceId()).isNull();
        try (Scope scope = tracing.resume(null)) {
            assertThat(Context.current()).isSameAs(Context.root());
        }
    }

    @Test
    void with_opentelemetry_off_a_clients_trace_still_passes_through_without_spans() {
        CallTracing off = CallTracing.off();
        try (Scope scope = off.resume(off.httpContext(TRACEPARENT, null))) {
            CallSpan call = off.execution("s.echo", "s", "echo", "alice");
            assertThat(call.traceId()).as("the audit row names the client's trace").isEqualTo(CLIENT_TRACE);
            try (Phase downstream = call.downstream("echo", "s", "streamable-http", "http://127.0.0.1:3001/mcp")) {
                assertThat(Span.current().getSpanContext().getTraceId()).isEqualTo(CLIENT_TRACE);
            }
            call.end("s.echo", "id", "SUCCESS", null, null, false, 1);
        }
        assertThat(exporter.getFinishedSpanItems()).isEmpty();
    }
}
