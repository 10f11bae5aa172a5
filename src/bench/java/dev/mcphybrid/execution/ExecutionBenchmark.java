package dev.mcphybrid.execution;

import dev.mcphybrid.audit.AuditPipeline;
import dev.mcphybrid.audit.AuditSpool;
import dev.mcphybrid.bench.Benchmarks;
import dev.mcphybrid.bench.InProcessServer;
import dev.mcphybrid.bench.Stats;
import dev.mcphybrid.mcp.McpSessionListener;
import dev.mcphybrid.mcp.SdkConnectionFactory;
import dev.mcphybrid.registry.BenchServers;
import dev.mcphybrid.registry.ServerRegistry;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Gateway overhead per tool call: the real {@link ToolExecutor} path (admission, catalogue lookup, JSON Schema
 * validation, bulkhead, circuit breaker, SDK call, result conversion, audit record into the batching pipeline)
 * against a direct SDK call to an identical in-process server. HTTP and the database are left out: they are the
 * same for any gateway; what is measured is what this gateway adds.
 */
public final class ExecutionBenchmark {

    static final int WARMUP = Benchmarks.smoke() ? 20 : 3_000;
    static final int CALLS = Benchmarks.smoke() ? 50 : 20_000;
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    public static void run() throws Exception {
        var mapper = SdkConnectionFactory.jsonMapper();
        InProcessServer behindGateway = InProcessServer.echo("bench", mapper);
        InProcessServer direct = InProcessServer.echo("direct", mapper);
        ServerRegistry registry = BenchServers.registry(null);
        BenchServers.addConnected(registry, "bench", () -> SdkConnectionFactory.over("bench",
                behindGateway.transport().clientTransport(), McpSessionListener.NONE, TIMEOUT, TIMEOUT), TIMEOUT);
        McpAsyncClient client = McpClient.async(direct.transport().clientTransport()).requestTimeout(TIMEOUT)
                .jsonSchemaValidator(new DefaultJsonSchemaValidator()).build();
        client.initialize().block(TIMEOUT);

        AtomicLong stored = new AtomicLong();
        AuditPipeline pipeline = new AuditPipeline(batch -> {
            stored.addAndGet(batch.size());
            return batch.size();
        }, new AuditSpool(Files.createTempDirectory("bench-spool")),
                new dev.mcphybrid.audit.DeadLetters(Files.createTempDirectory("bench-dead-letters")), deadLetter -> { }, 10_000, 500);
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor();
        flusher.scheduleWithFixedDelay(pipeline::flush, 200, 200, TimeUnit.MILLISECONDS);
        ToolExecutor executor = ExecutorWiring.executor(registry, null, pipeline, ExecutorWiring.events(), ExecutorWiring.settings());

        ToolId echo = ToolId.parse("bench.echo");
        CallerInfo caller = new CallerInfo(new dev.mcphybrid.security.Caller("bench", java.util.Set.of("admin")), "127.0.0.1", "bench", "bench");
        IntConsumer viaGateway = i -> {
            ExecutionResponse response = executor.execute(new ToolCall(echo,
                    jakarta.json.Json.createObjectBuilder().add("message", "m" + i).build(), TIMEOUT, caller));
            if (response.status() != dev.mcphybrid.audit.ExecutionStatus.SUCCESS) {
                throw new IllegalStateException("call failed: " + response);
            }
        };
        IntConsumer viaSdk = i -> client.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", "m" + i))).block(TIMEOUT);

        System.out.printf("%nTool call overhead: gateway path vs direct SDK call, in-process server, %d calls each%n", CALLS);
        for (int concurrency : new int[] {1, 32}) {
            measure(viaSdk, WARMUP, concurrency);
            measure(viaGateway, WARMUP, concurrency);
            Result sdk = measure(viaSdk, CALLS, concurrency);
            Result gateway = measure(viaGateway, CALLS, concurrency);
            System.out.printf("  concurrency %2d  direct:  %s, %.0f calls/s%n", concurrency, sdk.stats(), sdk.perSecond());
            System.out.printf("  concurrency %2d  gateway: %s, %.0f calls/s%n", concurrency, gateway.stats(), gateway.perSecond());
            double p50 = gateway.stats().p50() - sdk.stats().p50();
            double p99 = gateway.stats().p99() - sdk.stats().p99();
            System.out.printf("  concurrency %2d  overhead p50 %.3f ms (target < 1), p99 %.3f ms (target < 5), throughput ratio %.2f%n",
                    concurrency, p50, p99, gateway.perSecond() / sdk.perSecond());
        }
        pipeline.flush();
        System.out.printf("  audit records stored: %d (every gateway call, warm-up included)%n", stored.get());
        flusher.shutdownNow();
        client.close();
        behindGateway.close();
        direct.close();
    }

    record Result(Stats stats, double perSecond) {
    }

    private static Result measure(IntConsumer call, int calls, int concurrency) throws Exception {
        double[] latencies = new double[calls];
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicLong next = new AtomicLong();
        long started = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                int i;
                while ((i = (int) next.getAndIncrement()) < calls) {
                    long t0 = System.nanoTime();
                    call.accept(i);
                    latencies[i] = (System.nanoTime() - t0) / 1e6;
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        return new Result(Stats.of(latencies), calls / seconds);
    }
}
