package dev.mcphybrid.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.common.McpTransportContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class TracePropagationTest {

    private static final SpanContext CALL = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
            TraceFlags.getSampled(), TraceState.getDefault());

    @Test
    void the_current_span_becomes_a_w3c_traceparent_and_no_span_adds_nothing() {
        assertThat(TracePropagation.current()).isEmpty();
        try (Scope scope = Span.wrap(CALL).makeCurrent()) {
            assertThat(TracePropagation.current()).containsEntry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        }
    }

    @Test
    void the_trace_goes_into_params_meta_next_to_the_progress_token() {
        Map<String, Object> meta = Map.of("progressToken", "t1");
        assertThat(TracePropagation.withTrace(meta, Map.of())).isSameAs(meta);
        assertThat(TracePropagation.withTrace(meta, Map.of("traceparent", "00-a-b-01")))
                .containsEntry("progressToken", "t1").containsEntry("traceparent", "00-a-b-01");
    }

    @Test
    void the_headers_reach_the_http_request_through_the_reactor_context_on_another_thread() {
        Map<String, String> headers;
        try (Scope scope = Span.wrap(CALL).makeCurrent()) {
            headers = TracePropagation.current();
        }
        // as the SDK's transport does: the transport context is read from the subscriber's context, on its own thread
        Mono<HttpRequest> sent = Mono.deferContextual(context -> Mono.fromCallable(() -> {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:1/mcp"));
            TracePropagation.addHeaders(builder, context.getOrDefault(McpTransportContext.KEY, McpTransportContext.EMPTY));
            return builder.build();
        })).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());

        HttpRequest request = TracePropagation.carrying(sent, headers).block();

        assertThat(request.headers().firstValue("traceparent")).hasValue("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(TracePropagation.carrying(sent, Map.of()).block().headers().firstValue("traceparent")).isEmpty();
    }
}
