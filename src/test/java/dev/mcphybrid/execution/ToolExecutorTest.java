package dev.mcphybrid.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcphybrid.audit.AuditPipeline;
import dev.mcphybrid.audit.AuditRecord;
import dev.mcphybrid.audit.AuditSpool;
import dev.mcphybrid.audit.DeadLetters;
import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.bench.Wiring;
import dev.mcphybrid.events.SystemAlert;
import dev.mcphybrid.mcp.McpCallException;
import dev.mcphybrid.mcp.Progress;
import dev.mcphybrid.registry.BenchServers;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.registry.ServerConnector;
import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.security.Caller;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor's contract, on the real classes around it (admission, guards, cache, audit pipeline) and a scripted
 * server: every call answers a typed result or an {@link ExecutionFailure} with its reason, and leaves exactly one
 * audit record and one event whose status follows from that reason.
 */
class ToolExecutorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final CallerInfo CALLER = new CallerInfo(new Caller("alice", Set.of("operator")), "10.0.0.1", "test-agent", "req-1");
    private static final String SUM_SCHEMA = """
            {"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}, "required": ["a", "b"]}""";

    @TempDir
    Path directory;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<AuditRecord> audited = new CopyOnWriteArrayList<>();
    private final List<ToolExecuted> executed = new CopyOnWriteArrayList<>();
    private final List<ExecutionProgress> progressed = new CopyOnWriteArrayList<>();
    private final List<SystemAlert> alerts = new CopyOnWriteArrayList<>();
    private final ScriptedServer server = new ScriptedServer(List.of(
            ScriptedServer.tool("echo", "{\"type\": \"object\"}", null),
            ScriptedServer.tool("sum", SUM_SCHEMA, null),
            ScriptedServer.tool("lookup", null, Json.createObjectBuilder().add("readOnlyHint", true).build())));
    private final ExecutionSettings settings = ExecutorWiring.settings();
    private ManagedServer managed;
    private AuditPipeline pipeline;
    private ToolExecutor executor;

    @BeforeEach
    void wire() throws Exception {
        ServerConnector connector = BenchServers.connector(Wiring.managedExecutor(pool), 500L);
        ServerRegistry registry = BenchServers.registry(connector);
        managed = BenchServers.addConnected(registry, "s", () -> server, TIMEOUT);
        pipeline = new AuditPipeline(batch -> {
            audited.addAll(batch);
            return batch.size();
        }, new AuditSpool(directory.resolve("spool")), new DeadLetters(directory.resolve("dead")), letter -> { }, 1_000, 100);
        ExecutionEvents events = new ExecutionEvents() {
            @Override
            public void progressed(ExecutionProgress update) {
                ToolExecutorTest.this.progressed.add(update);
            }

            @Override
            public void executed(ToolExecuted execution) {
                ToolExecutorTest.this.executed.add(execution);
            }

            @Override
            public void alert(SystemAlert alert, String serverId) {
                ToolExecutorTest.this.alerts.add(alert);
            }
        };
        executor = ExecutorWiring.executor(registry, connector, pipeline, events, settings);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void a_call_returns_the_result_and_is_audited_once_with_secrets_redacted() {
        ExecutionResponse response = executor.execute(call("s.echo", "{\"message\": \"hi\", \"password\": \"hunter2\"}"));

        assertThat(response.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(response.toolId()).isEqualTo("s.echo");
        assertThat(response.requestId()).isEqualTo("req-1");
        assertThat(server.received).singleElement().satisfies(received -> {
            assertThat(received.tool()).isEqualTo("echo");
            assertThat(received.arguments().getString("password")).as("the server gets the real argument").isEqualTo("hunter2");
            assertThat(received.timeout()).isEqualTo(TIMEOUT);
        });
        AuditRecord record = onlyAuditRecord();
        assertThat(record.id()).isEqualTo(response.executionId());
        assertThat(record.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(record.serverId()).isEqualTo("s");
        assertThat(record.toolName()).isEqualTo("echo");
        assertThat(record.principal()).isEqualTo("alice");
        assertThat(record.clientAddress()).isEqualTo("10.0.0.1");
        assertThat(record.arguments()).contains("\"message\":\"hi\"").contains("[REDACTED]").doesNotContain("hunter2");
        assertThat(record.resultSummary()).startsWith("ok ");
        assertThat(record.resultSize()).isEqualTo(response.result().toString().length());
        assertThat(executed).singleElement().satisfies(event -> {
            assertThat(event.executionId()).isEqualTo(response.executionId());
            assertThat(event.status()).isEqualTo(ExecutionStatus.SUCCESS);
        });
    }

    @Test
    void a_tool_reporting_is_error_is_a_result_with_status_error() {
        server.answer = (tool, arguments, timeout, progress) -> ScriptedServer.text("disk full", true);

        ExecutionResponse response = executor.execute(call("s.echo", "{}"));

        assertThat(response.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(response.result().getBoolean("isError")).isTrue();
        assertThat(onlyAuditRecord().error()).isEqualTo("disk full");
    }

    @Test
    void progress_reaches_the_caller_the_response_and_the_events_in_order() {
        server.answer = (tool, arguments, timeout, progress) -> {
            progress.accept(new Progress(1, 2.0, "half"));
            progress.accept(new Progress(2, 2.0, "done"));
            return ScriptedServer.text("ok", false);
        };

        List<Progress> heard = new CopyOnWriteArrayList<>();
        ToolCall call = call("s.echo", "{}");

        ExecutionResponse response = executor.execute(new ToolCall(call.tool(), call.arguments(), call.timeout(), call.caller(), heard::add, null));

        assertThat(heard).extracting(Progress::message).containsExactly("half", "done");
        assertThat(response.progress()).extracting(Progress::message).containsExactly("half", "done");
        assertThat(progressed).extracting(ExecutionProgress::executionId).containsOnly(response.executionId());
        assertThat(progressed).extracting(ExecutionProgress::progress).containsExactly(1.0, 2.0);
    }

    @Test
    void an_unknown_tool_is_refused_and_audited_as_rejected() {
        assertFailure(() -> executor.execute(call("s.nothing", "{}")), FailureReason.UNKNOWN_TOOL, "'s.nothing' does not exist");
        assertFailure(() -> executor.execute(call("elsewhere.echo", "{}")), FailureReason.UNKNOWN_TOOL, "'elsewhere.echo'");
        assertFailure(() -> executor.execute(call("nodot", "{}")), FailureReason.UNKNOWN_TOOL, "'nodot'");

        pipeline.flush();
        assertThat(audited).extracting(AuditRecord::status).containsOnly(ExecutionStatus.REJECTED).hasSize(3);
        assertThat(audited).extracting(AuditRecord::serverId).containsExactly("s", "elsewhere", "unknown");
        assertThat(executed).extracting(ToolExecuted::status).containsOnly(ExecutionStatus.REJECTED);
        assertThat(server.received).isEmpty();
    }

    @Test
    void arguments_violating_the_schema_are_refused_with_every_violation() {
        ExecutionFailure failure = assertFailure(() -> executor.execute(call("s.sum", "{\"a\": \"two\"}")),
                FailureReason.INVALID_ARGUMENTS, "input schema of s.sum");

        assertThat(failure.violations()).hasSize(2).anySatisfy(v -> assertThat(v).contains("/a")).anySatisfy(v -> assertThat(v).contains("b"));
        AuditRecord record = onlyAuditRecord();
        assertThat(record.status()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(record.error()).isEqualTo(failure.describe()).contains("/a");
        assertThat(record.arguments()).isEqualTo("{\"a\":\"two\"}");
        assertThat(server.received).isEmpty();
    }

    @Test
    void numbers_keep_their_value_on_the_way_to_the_server() {
        executor.execute(call("s.sum", "{\"a\": 12345678901234567890, \"b\": 0.1}"));

        JsonObject sent = server.received.get(0).arguments();
        assertThat(sent.getJsonNumber("a").bigIntegerValue()).hasToString("12345678901234567890");
        assertThat(sent.getJsonNumber("b").bigDecimalValue()).hasToString("0.1");
    }

    @Test
    void downstream_failures_carry_their_reason_and_audit_status() {
        server.answer = (tool, arguments, timeout, progress) -> {
            throw new McpCallException("tools/call echo to s timed out after 5000 ms", null, McpCallException.Kind.TIMEOUT);
        };
        assertFailure(() -> executor.execute(call("s.echo", "{}")), FailureReason.TIMEOUT, "timed out");

        server.answer = (tool, arguments, timeout, progress) -> {
            throw new McpCallException("tools/call echo: MCP error -32603: boom", null, McpCallException.Kind.PROTOCOL);
        };
        assertFailure(() -> executor.execute(call("s.echo", "{}")), FailureReason.SERVER_ERROR, "boom");

        server.answer = (tool, arguments, timeout, progress) -> {
            throw new McpCallException("connection reset", null, McpCallException.Kind.TRANSPORT);
        };
        assertFailure(() -> executor.execute(call("s.echo", "{}")), FailureReason.SERVER_UNREACHABLE, "reset");

        pipeline.flush();
        assertThat(audited).extracting(AuditRecord::status)
                .containsExactly(ExecutionStatus.TIMEOUT, ExecutionStatus.ERROR, ExecutionStatus.ERROR);
    }

    @Test
    void a_tool_of_a_server_that_is_down_is_unavailable_with_retry_after_not_unknown() {
        BenchServers.disconnect(managed);

        ExecutionFailure failure = assertFailure(() -> executor.execute(call("s.echo", "{}")), FailureReason.SERVER_UNAVAILABLE, "server s is");

        assertThat(failure.retryAfterSeconds()).isEqualTo(5L);
        assertThat(onlyAuditRecord().status()).isEqualTo(ExecutionStatus.ERROR);
    }

    @Test
    void calls_beyond_the_server_limit_are_refused_as_busy_after_the_queue_wait() throws Exception {
        settings.maxConcurrentPerServer = 1;
        settings.queueWaitMs = 50;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inside = new CountDownLatch(1);
        server.answer = (tool, arguments, timeout, progress) -> {
            inside.countDown();
            await(release);
            return ScriptedServer.text("slow", false);
        };
        CompletableFuture<ExecutionResponse> first = CompletableFuture.supplyAsync(() -> executor.execute(call("s.echo", "{}")), pool);
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        ExecutionFailure busy = assertFailure(() -> executor.execute(call("s.echo", "{}")), FailureReason.SERVER_BUSY, "already has 1");
        release.countDown();

        assertThat(busy.retryAfterSeconds()).isEqualTo(1L);
        assertThat(first.get(5, TimeUnit.SECONDS).status()).isEqualTo(ExecutionStatus.SUCCESS);
        pipeline.flush();
        assertThat(audited).extracting(AuditRecord::status).containsExactlyInAnyOrder(ExecutionStatus.REJECTED, ExecutionStatus.SUCCESS);
    }

    @Test
    void repeated_failures_open_the_circuit_with_an_alert_and_later_calls_are_refused_without_trying() {
        server.answer = (tool, arguments, timeout, progress) -> {
            throw new McpCallException("connection refused", null, McpCallException.Kind.TRANSPORT);
        };
        for (int i = 0; i < settings.circuitMinimumCalls; i++) {
            assertFailure(() -> executor.execute(call("s.echo", "{}")), FailureReason.SERVER_UNREACHABLE, "refused");
        }
        int tried = server.received.size();

        ExecutionFailure open = assertFailure(() -> executor.execute(call("s.echo", "{}")), FailureReason.CIRCUIT_OPEN, "paused");

        assertThat(open.retryAfterSeconds()).isPositive();
        assertThat(server.received).hasSize(tried);
        assertThat(alerts).singleElement().satisfies(alert -> assertThat(alert.message()).contains("Circuit for s opened"));
    }

    @Test
    void a_call_its_caller_cancels_ends_at_once_frees_its_slot_and_is_audited_as_cancelled() throws Exception {
        settings.maxConcurrentPerServer = 1;
        settings.queueWaitMs = 0;
        CountDownLatch inside = new CountDownLatch(1);
        server.answer = (tool, arguments, timeout, progress) -> {
            inside.countDown();
            return ScriptedServer.text("never", false);
        };
        server.cancellable = true;
        dev.mcphybrid.mcp.Cancellation cancellation = dev.mcphybrid.mcp.Cancellation.none();
        ToolCall base = call("s.echo", "{}");
        CompletableFuture<ExecutionResponse> running = CompletableFuture.supplyAsync(() -> executor.execute(
                new ToolCall(base.tool(), base.arguments(), base.timeout(), base.caller(), null, cancellation)), pool);
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(cancellation.cancel("user pressed stop")).isTrue();

        assertThatThrownBy(() -> running.get(5, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(ExecutionFailure.class, failure -> {
            assertThat(failure.reason()).isEqualTo(FailureReason.CANCELLED);
            assertThat(failure.detail()).contains("user pressed stop");
        });
        server.cancellable = false;
        assertThat(executor.execute(call("s.echo", "{}")).status()).as("the slot is free again").isEqualTo(ExecutionStatus.SUCCESS);
        pipeline.flush();
        assertThat(audited).extracting(AuditRecord::status).containsExactly(ExecutionStatus.CANCELLED, ExecutionStatus.SUCCESS);
        assertThat(audited.get(0).error()).contains("user pressed stop");
    }

    @Test
    void a_read_only_tool_is_served_from_the_cache_the_second_time() {
        ExecutionResponse first = executor.execute(call("s.lookup", "{\"q\": 1}"));
        ExecutionResponse second = executor.execute(call("s.lookup", "{\"q\": 1}"));

        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.result()).isEqualTo(first.result());
        assertThat(server.received).hasSize(1);
        pipeline.flush();
        assertThat(audited).extracting(AuditRecord::cached).containsExactly(false, true);
    }

    @Test
    void a_call_refused_before_it_reached_the_executor_is_audited_too() {
        executor.refused(ToolId.parse("s.echo"), CALLER, new ExecutionFailure(FailureReason.BAD_REQUEST, "Malformed JSON"));

        AuditRecord record = onlyAuditRecord();
        assertThat(record.status()).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(record.error()).isEqualTo("Malformed JSON");
        assertThat(record.arguments()).isNull();
        assertThat(executed).singleElement().satisfies(event -> assertThat(event.status()).isEqualTo(ExecutionStatus.REJECTED));
    }

    private static ToolCall call(String toolId, String arguments) {
        return new ToolCall(ToolId.parse(toolId), Json.createReader(new StringReader(arguments)).readObject(), TIMEOUT, CALLER);
    }

    private AuditRecord onlyAuditRecord() {
        pipeline.flush();
        assertThat(audited).hasSize(1);
        return audited.get(0);
    }

    private static ExecutionFailure assertFailure(Runnable call, FailureReason reason, String detail) {
        ExecutionFailure[] thrown = new ExecutionFailure[1];
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ExecutionFailure.class, failure -> {
            assertThat(failure.reason()).isEqualTo(reason);
            assertThat(failure.detail()).contains(detail);
            thrown[0] = failure;
        });
        return thrown[0];
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
