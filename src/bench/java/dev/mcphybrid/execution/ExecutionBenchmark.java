package dev.mcphybrid.execution;

import dev.mcphybrid.audit.AuditLog;
import dev.mcphybrid.audit.AuditPipeline;
import dev.mcphybrid.audit.AuditSpool;
import dev.mcphybrid.bench.Benchmarks;
import dev.mcphybrid.bench.InProcessServer;
import dev.mcphybrid.bench.Stats;
import dev.mcphybrid.bench.Wiring;
import dev.mcphybrid.mcp.McpSessionListener;
import dev.mcphybrid.mcp.SdkConnectionFactory;
import dev.mcphybrid.registry.BenchServers;
import dev.mcphybrid.registry.ServerRegistry;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.enterprise.event.Event;
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
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Gateway overhead per tool call: the real {@link ToolExecutor} path (body parsing, catalogue lookup, JSON Schema
 * validation, bulkhead, circuit breaker, SDK call, result conversion, audit record into the batching pipeline)
 * against a direct SDK call to an identical in-process server. HTTP and the database are left out: they are the
 * same for any gateway; what is measured is what this gateway adds.
 */
public final class ExecutionBenchmark {

    static final int WARMUP = Benchmarks.smoke() ? 20 : 3_000;
    static final int CALLS = Benchmarks.smoke() ? 50 : 20_000;
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Stands in for Liberty's managed executor that delivers the execution events (to no observer here). */
    private static final ExecutorService EVENTS = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "bench-events");
        t.setDaemon(true);
        return t;
    });

    public static void run() throws Exception {
        var mapper = SdkConnectionFactory.jsonMapper();
        InProcessServer behindGateway = InProcessServer.echo("bench", mapper);
        InProcessServer direct = InProcessServer.echo("direct", mapper);
        ServerRegistry registry = new ServerRegistry();
        Wiring.set(registry, "secretMask", new dev.mcphybrid.security.SecretMask());
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
        ToolExecutor executor = executor(registry, pipeline);

        IntConsumer viaGateway = i -> {
            ExecutionResponse response = executor.execute("bench.echo", "{\"arguments\":{\"message\":\"m" + i + "\"}}",
                    new CallerInfo(new dev.mcphybrid.security.Caller("bench", java.util.Set.of("admin")), "127.0.0.1", "bench", "r" + i));
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

    @SuppressWarnings("unchecked")
    private static ToolExecutor executor(ServerRegistry registry, AuditPipeline pipeline) {
        AuditLog audit = Wiring.set(new AuditLog(), "pipeline", pipeline);
        ExecutionSettings settings = new ExecutionSettings();
        Wiring.set(settings, "timeoutMs", 60_000L);
        Wiring.set(settings, "maxTimeoutMs", 300_000L);
        Wiring.set(settings, "maxArgumentLength", 262_144);
        Wiring.set(settings, "maxConcurrentPerServer", 64);
        Wiring.set(settings, "queueWaitMs", 5_000L);
        Wiring.set(settings, "circuitWindow", 20);
        Wiring.set(settings, "circuitMinimumCalls", 10);
        Wiring.set(settings, "circuitFailureRatio", 0.5);
        Wiring.set(settings, "circuitOpenMs", 30_000L);
        Wiring.set(settings, "cacheTtlMs", 30_000L);
        Wiring.set(settings, "cacheMaxEntries", 10_000);
        Wiring.set(settings, "cacheTools", java.util.Optional.empty());
        Wiring.set(settings, "redactKeys", dev.mcphybrid.audit.Redactor.DEFAULT_KEYS);
        ToolExecutor executor = new ToolExecutor();
        Wiring.set(executor, "registry", registry);
        Wiring.set(executor, "audit", audit);
        Wiring.set(executor, "executed", Wiring.inert(Event.class));
        Wiring.set(executor, "progressEvents", Wiring.inert(Event.class));
        Wiring.set(executor, "alerts", Wiring.inert(Event.class));
        Wiring.set(executor, "metrics", Wiring.inert(MetricRegistry.class));
        Wiring.set(executor, "settings", settings);
        Wiring.set(executor, "ordered", Wiring.orderedEvents(EVENTS));
        Wiring.set(executor, "cluster", Wiring.notClustered());
        // the default access policy (no file) and no rate limit: the benchmark measures the call path, not refusals
        dev.mcphybrid.access.AccessPolicies access = new dev.mcphybrid.access.AccessPolicies();
        Wiring.set(access, "file", "/nonexistent/access-policy.yml");
        Wiring.call(access, "init");
        CallAdmission admission = new CallAdmission();
        Wiring.set(admission, "access", access);
        Wiring.set(admission, "settings", settings);
        Wiring.set(admission, "metrics", Wiring.inert(MetricRegistry.class));
        dev.mcphybrid.ratelimit.RateLimits limits = new dev.mcphybrid.ratelimit.RateLimits();
        Wiring.set(limits, "enabled", "false");
        Wiring.set(limits, "perPrincipal", "1/1");
        Wiring.set(limits, "perTool", "1/1");
        Wiring.set(limits, "toolOverrides", java.util.Optional.empty());
        Wiring.set(limits, "redisUrl", java.util.Optional.empty());
        Wiring.set(limits, "redisPrefix", "bench");
        Wiring.set(limits, "cluster", dev.mcphybrid.cluster.ClusterSettings.of(false, null, "bench", "bench"));
        Wiring.call(limits, "start");
        Wiring.set(admission, "rateLimits", limits);
        Wiring.set(executor, "admission", admission);
        Wiring.set(executor, "secretMask", new dev.mcphybrid.security.SecretMask());
        executor.init();
        return executor;
    }
}
