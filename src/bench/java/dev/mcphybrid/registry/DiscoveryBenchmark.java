package dev.mcphybrid.registry;

import dev.mcphybrid.bench.InProcessServer;
import dev.mcphybrid.bench.Stats;
import dev.mcphybrid.mcp.McpSessionListener;
import dev.mcphybrid.mcp.SdkConnectionFactory;
import dev.mcphybrid.tools.ToolCatalogue;
import dev.mcphybrid.tools.ToolView;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import dev.mcphybrid.bench.Benchmarks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Discovery of 50 in-process SDK servers with 100 tools each, once the sessions are up: every server's tool list
 * is read again concurrently and the aggregated catalogue (with categories) is built, as discovery and
 * GET /api/tools do. Compared with the same tools/list calls made directly with the SDK.
 */
public final class DiscoveryBenchmark {

    static final int SERVERS = Benchmarks.smoke() ? 5 : 50;
    static final int TOOLS = Benchmarks.smoke() ? 10 : 100;
    static final int RUNS = Benchmarks.smoke() ? 2 : 30;
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    public static void run() {
        var mapper = SdkConnectionFactory.jsonMapper();
        ExecutorService executor = Executors.newFixedThreadPool(SERVERS);
        List<InProcessServer> backends = new ArrayList<>();
        List<ManagedServer> servers = new ArrayList<>();
        List<McpAsyncClient> direct = new ArrayList<>();
        try {
            long connectStart = System.nanoTime();
            List<CompletableFuture<ManagedServer>> connecting = new ArrayList<>();
            for (int i = 0; i < SERVERS; i++) {
                InProcessServer backend = InProcessServer.withTools("server-" + i, TOOLS, mapper);
                backends.add(backend);
                String id = "server-" + i;
                connecting.add(CompletableFuture.supplyAsync(() -> BenchServers.connected(id,
                        () -> SdkConnectionFactory.over(id, backend.transport().clientTransport(), McpSessionListener.NONE, TIMEOUT, TIMEOUT),
                        TIMEOUT, null), executor));
            }
            connecting.forEach(c -> servers.add(c.join()));
            double connectMs = (System.nanoTime() - connectStart) / 1e6;

            // the direct baseline: one more SDK client per backend (a server session per client)
            for (int i = 0; i < SERVERS; i++) {
                InProcessServer backend = InProcessServer.withTools("direct-" + i, TOOLS, mapper);
                backends.add(backend);
                McpAsyncClient client = McpClient.async(backend.transport().clientTransport()).requestTimeout(TIMEOUT)
                        .jsonSchemaValidator(new DefaultJsonSchemaValidator()).build();
                client.initialize().block(TIMEOUT);
                direct.add(client);
            }

            int toolCount = ToolCatalogue.aggregate(servers).size();
            double[] gateway = new double[RUNS];
            double[] baseline = new double[RUNS];
            for (int warmup = 0; warmup < 5; warmup++) {
                discover(servers, executor);
                listDirect(direct);
            }
            for (int run = 0; run < RUNS; run++) {
                gateway[run] = discover(servers, executor);
                baseline[run] = listDirect(direct);
            }
            Stats g = Stats.of(gateway);
            Stats d = Stats.of(baseline);
            System.out.printf("%nDiscovery: %d servers x %d tools = %d tools in the catalogue%n", SERVERS, TOOLS, toolCount);
            System.out.printf("  connect all (handshake + first listing): %.1f ms%n", connectMs);
            System.out.printf("  gateway re-list + aggregate:  %s%n", g);
            System.out.printf("  direct SDK tools/list (same servers, no gateway): %s%n", d);
            System.out.printf("  ratio gateway/direct at p50: %.2f; target < 100 ms: %s%n", g.p50() / d.p50(),
                    g.p50() < 100 ? "met" : "NOT met");
        } finally {
            servers.forEach(ManagedServer::disconnect);
            direct.forEach(McpAsyncClient::close);
            backends.forEach(InProcessServer::close);
            executor.shutdownNow();
        }
    }

    private static double discover(List<ManagedServer> servers, ExecutorService executor) {
        long started = System.nanoTime();
        CompletableFuture.allOf(servers.stream()
                .map(s -> CompletableFuture.runAsync(() -> BenchServers.refreshTools(s, TIMEOUT), executor))
                .toArray(CompletableFuture[]::new)).join();
        List<ToolView> catalogue = ToolCatalogue.aggregate(servers);
        if (catalogue.size() != SERVERS * TOOLS) {
            throw new IllegalStateException("catalogue has " + catalogue.size() + " tools");
        }
        return (System.nanoTime() - started) / 1e6;
    }

    private static double listDirect(List<McpAsyncClient> clients) {
        long started = System.nanoTime();
        CompletableFuture.allOf(clients.stream().map(c -> c.listTools().toFuture()).toArray(CompletableFuture[]::new)).join();
        return (System.nanoTime() - started) / 1e6;
    }
}
