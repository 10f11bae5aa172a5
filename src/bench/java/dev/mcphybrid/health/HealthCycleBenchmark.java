package dev.mcphybrid.health;

import dev.mcphybrid.bench.InProcessServer;
import dev.mcphybrid.bench.Stats;
import dev.mcphybrid.mcp.McpSessionListener;
import dev.mcphybrid.mcp.SdkConnectionFactory;
import dev.mcphybrid.registry.BenchServers;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.registry.ServerState;
import dev.mcphybrid.bench.Benchmarks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One health cycle over 100 connected in-process SDK servers of which 10 hang (accept requests, never answer).
 * The gateway's HealthCycle pings all at once with the configured timeout; the cycle should take about one
 * timeout, not ten.
 */
public final class HealthCycleBenchmark {

    static final int SERVERS = Benchmarks.smoke() ? 10 : 100;
    static final int HUNG = Benchmarks.smoke() ? 2 : 10;
    static final int RUNS = Benchmarks.smoke() ? 1 : 5;
    static final Duration TIMEOUT = Duration.ofMillis(1000);

    public static void run() {
        var mapper = SdkConnectionFactory.jsonMapper();
        ExecutorService executor = Executors.newCachedThreadPool();
        double[] cycles = new double[RUNS];
        try {
            for (int run = 0; run < RUNS; run++) {
                List<InProcessServer> backends = new ArrayList<>();
                List<CompletableFuture<ManagedServer>> connecting = new ArrayList<>();
                for (int i = 0; i < SERVERS; i++) {
                    InProcessServer backend = InProcessServer.withTools("server-" + i, 5, mapper);
                    backends.add(backend);
                    String id = "server-" + i;
                    connecting.add(CompletableFuture.supplyAsync(() -> BenchServers.connected(id,
                            () -> SdkConnectionFactory.over(id, backend.transport().clientTransport(), McpSessionListener.NONE,
                                    Duration.ofSeconds(30), Duration.ofSeconds(30)), Duration.ofSeconds(30), null), executor));
                }
                List<ManagedServer> servers = connecting.stream().map(CompletableFuture::join).toList();
                for (int i = 0; i < HUNG; i++) {
                    backends.get(i * (SERVERS / HUNG)).transport().hang();
                }
                HealthCycle cycle = new HealthCycle(executor, TIMEOUT, Duration.ofMillis(500), failures -> Duration.ofSeconds(60),
                        server -> { });
                cycles[run] = cycle.run(servers).toNanos() / 1e6;

                long unhealthy = servers.stream().filter(s -> s.state() == ServerState.UNHEALTHY).count();
                long healthy = servers.stream().filter(s -> s.state() == ServerState.HEALTHY).count();
                if (unhealthy != HUNG || healthy != SERVERS - HUNG) {
                    throw new IllegalStateException("expected " + HUNG + " unhealthy and " + (SERVERS - HUNG) + " healthy, got "
                            + unhealthy + " and " + healthy);
                }
                servers.forEach(BenchServers::disconnect);
                backends.forEach(InProcessServer::close);
            }
            Stats stats = Stats.of(cycles);
            System.out.printf("%nHealth cycle: %d servers, %d hung, ping timeout %d ms%n", SERVERS, HUNG, TIMEOUT.toMillis());
            System.out.printf("  cycle: %s%n", stats);
            System.out.printf("  ratio cycle/timeout at p50: %.2f (target <= 1.2: %s); if checked one after another: >= %d ms%n",
                    stats.p50() / TIMEOUT.toMillis(), stats.p50() <= 1.2 * TIMEOUT.toMillis() ? "met" : "NOT met",
                    HUNG * TIMEOUT.toMillis());
        } finally {
            executor.shutdownNow();
        }
    }
}
