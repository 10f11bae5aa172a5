package dev.mcphybrid.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphybrid.audit.AuditPipeline;
import dev.mcphybrid.audit.AuditRecord;
import dev.mcphybrid.audit.AuditSpool;
import dev.mcphybrid.audit.DeadLetters;
import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.bench.Wiring;
import dev.mcphybrid.registry.BenchServers;
import dev.mcphybrid.registry.ServerConnector;
import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.security.Caller;
import dev.mcphybrid.telemetry.CallTracing;
import dev.mcphybrid.telemetry.PrincipalAttribute;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace of a tool call, on the real executor with the real OpenTelemetry SDK behind the tracer: one execution
 * span under the caller's span, its steps as children, the MCP request made inside the client span (so its trace
 * context is what travels to the server), and the trace id in the audit record.
 */
class ToolExecutorTracingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final CallerInfo OPERATOR = new CallerInfo(new Caller("alice", Set.of("operator")), "10.0.0.1", "test-agent", "req-1");

    @TempDir
    Path directory;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<AuditRecord> audited = new CopyOnWriteArrayList<>();
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final ScriptedServer server = new ScriptedServer(List.of(ScriptedServer.tool("echo", "{\"type\": \"object\"}", null)));
    private SdkTracerProvider provider;
    private Tracer tracer;
    private AuditPipeline pipeline;
    private ServerRegistry registry;
    private ServerConnector connector;

    @BeforeEach
    void wire() throws Exception {
        provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        tracer = provider.get("test");
        connector = BenchServers.connector(Wiring.managedExecutor(pool), 500L);
        registry = BenchServers.registry(connector);
        BenchServers.addConnected(registry, "s", () -> server, TIMEOUT);
        pipeline = new AuditPipeline(batch -> {
            audited.addAll(batch);
            return batch.size();
        }, new AuditSpool(directory.resolve("spool")), new DeadLetters(directory.resolve("dead")), letter -> { }, 1_000, 100);
    }

    @AfterEach
    void stop() {
        provider.close();
        pool.shutdownNow();
    }

    private ToolExecutor executor(CallTracing tracing) {
        ExecutionSettings settings = ExecutorWiring.settings();
        return ExecutorWiring.executor(registry, connector, pipeline, ExecutorWiring.events(), settings,
                ExecutorWiring.admission(settings), tracing);
    }

    @Test
    void a_call_is_one_trace_under_the_callers_span_with_admission_the_mcp_request_and_the_audit_record_as_children() {
        ToolExecutor executor = executor(CallTracing.of(tracer, PrincipalAttribute.HASH, false));
        SpanContext[] duringCall = new SpanContext[1];
        server.answer = (tool, arguments, timeout, progress) -> {
            duringCall[0] = Span.current().getSpanContext();
            return ScriptedServer.text("ok", false);
        };
        Span request = tracer.spanBuilder("POST /api/tools/{id}/execute").setSpanKind(SpanKind.SERVER).startSpan();
        ExecutionResponse response;
        try (Scope scope = request.makeCurrent()) {
            response = executor.execute(call(OPERATOR));
        } finally {
            request.end();
        }

        String traceId = request.getSpanContext().getTraceId();
        assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getTraceId).containsOnly(traceId);
        SpanData execution = span("execute_tool s.echo");
        assertThat(execution.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(execution.getKind()).isEqualTo(SpanKind.INTERNAL);
        assertThat(execution.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("execute_tool");
        assertThat(execution.getAttributes().get(AttributeKey.stringKey("gateway.tool.id"))).isEqualTo("s.echo");
        assertThat(execution.getAttributes().get(AttributeKey.stringKey("gateway.server.id"))).isEqualTo("s");
        assertThat(execution.getAttributes().get(AttributeKey.stringKey("gateway.execution.status"))).isEqualTo("SUCCESS");
        assertThat(execution.getAttributes().get(AttributeKey.stringKey("gateway.execution.id"))).isEqualTo(response.executionId().toString());
        assertThat(execution.getAttributes().get(AttributeKey.stringKey("enduser.pseudo.id")))
                .as("a pseudonym by default, not the name").matches("[0-9a-f]{16}").isNotEqualTo("alice");
        assertThat(execution.getAttributes().get(AttributeKey.stringKey("enduser.id"))).isNull();
        assertThat(execution.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        for (String step : List.of("admission", "tools/call echo", "audit")) {
            assertThat(span(step).getParentSpanId()).as(step).isEqualTo(execution.getSpanId());
        }
        SpanData downstream = span("tools/call echo");
        assertThat(downstream.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(downstream.getAttributes().get(AttributeKey.stringKey("mcp.method.name"))).isEqualTo("tools/call");
        assertThat(downstream.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name"))).isEqualTo("echo");
        assertThat(duringCall[0].getSpanId()).as("the request to the server is made inside the client span, whose context it carries")
                .isEqualTo(downstream.getSpanId());
        assertThat(span("audit").getEndEpochNanos()).isLessThanOrEqualTo(execution.getEndEpochNanos());
        pipeline.flush();
        assertThat(audited).singleElement().satisfies(record -> assertThat(record.traceId()).isEqualTo(traceId));
        assertThat(Span.current().getSpanContext().isValid()).as("nothing stays current after the call").isFalse();
    }

    @Test
    void a_call_without_a_callers_span_starts_a_trace_of_its_own() {
        executor(CallTracing.of(tracer, PrincipalAttribute.NAME, false)).execute(call(OPERATOR));

        SpanData execution = span("execute_tool s.echo");
        assertThat(execution.getParentSpanContext().isValid()).isFalse();
        assertThat(execution.getAttributes().get(AttributeKey.stringKey("enduser.id"))).isEqualTo("alice");
        pipeline.flush();
        assertThat(audited).singleElement().satisfies(record -> assertThat(record.traceId()).isEqualTo(execution.getTraceId()));
    }

    @Test
    void a_refused_call_has_the_refusal_on_the_admission_and_execution_spans_and_no_mcp_request() {
        CallerInfo viewer = new CallerInfo(new Caller("bob", Set.of("viewer")), "10.0.0.2", "test-agent", "req-2");

        assertThatThrownBy(() -> executor(CallTracing.of(tracer, PrincipalAttribute.NONE, false)).execute(call(viewer)))
                .isInstanceOf(ExecutionFailure.class);

        assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getName).containsExactlyInAnyOrder("admission", "audit", "execute_tool s.echo");
        assertThat(span("admission").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span("admission").getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("forbidden");
        SpanData execution = span("execute_tool s.echo");
        assertThat(execution.getAttributes().get(AttributeKey.stringKey("gateway.execution.status"))).isEqualTo("REJECTED");
        assertThat(execution.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("forbidden");
        assertThat(execution.getAttributes().get(AttributeKey.stringKey("enduser.pseudo.id"))).isNull();
        assertThat(execution.getAttributes().get(AttributeKey.stringKey("enduser.id"))).isNull();
    }

    @Test
    void a_tool_reporting_is_error_marks_the_client_and_execution_spans_tool_error() {
        server.answer = (tool, arguments, timeout, progress) -> ScriptedServer.text("disk full", true);

        executor(CallTracing.of(tracer, PrincipalAttribute.HASH, false)).execute(call(OPERATOR));

        for (String name : List.of("tools/call echo", "execute_tool s.echo")) {
            assertThat(span(name).getStatus().getStatusCode()).as(name).isEqualTo(StatusCode.ERROR);
            assertThat(span(name).getAttributes().get(AttributeKey.stringKey("error.type"))).as(name).isEqualTo("tool_error");
        }
    }

    @Test
    void with_tracing_off_there_are_no_spans_and_no_trace_id_in_the_audit_record() {
        executor(CallTracing.off()).execute(call(OPERATOR));

        assertThat(exporter.getFinishedSpanItems()).isEmpty();
        pipeline.flush();
        assertThat(audited).singleElement().satisfies(record -> assertThat(record.traceId()).isNull());
    }

    private SpanData span(String name) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).reduce((a, b) -> {
            throw new AssertionError("two spans named " + name);
        }).orElseThrow(() -> new AssertionError("no span " + name + " among " + exporter.getFinishedSpanItems().stream().map(SpanData::getName).toList()));
    }

    private static ToolCall call(CallerInfo caller) {
        return new ToolCall(ToolId.parse("s.echo"), Json.createObjectBuilder().add("message", "hi").build(), TIMEOUT, caller);
    }
}
