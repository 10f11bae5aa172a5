package dev.mcphybrid.bench;

import dev.mcphybrid.events.EventsLoadBenchmark;
import dev.mcphybrid.execution.ExecutionBenchmark;
import dev.mcphybrid.health.HealthCycleBenchmark;
import dev.mcphybrid.it.Tokens;
import dev.mcphybrid.registry.DiscoveryBenchmark;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every benchmark of src/bench once, in smoke mode (a few servers, a few calls): no figure is judged, but a benchmark
 * that no longer fits the code (wiring, APIs, the end-to-end harness and the peers it starts) fails the build instead
 * of rotting until someone runs {@code mvn -Pbench}.
 */
class BenchmarksSmokeIT {

    static {
        // read by the benchmark classes when they load, so before any of them does
        System.setProperty("bench.smoke", "true");
        System.setProperty("bench.warmup", "1");
    }

    @Test
    void discovery() throws Exception {
        DiscoveryBenchmark.run();
    }

    @Test
    void healthCycle() throws Exception {
        HealthCycleBenchmark.run();
    }

    @Test
    void toolCallOverhead() throws Exception {
        ExecutionBenchmark.run();
    }

    /** Against the gateway the integration tests started, signed with its development key; 2 + 2 clients, 10 events/s. */
    @Test
    void liveEvents() throws Exception {
        String gateway = System.getProperty("gateway.url");
        awaitHealthy(gateway, "everything"); // earlier tests kill and stop it; its supervisor brings it back
        System.setProperty("bench.key", Tokens.KEY.toAbsolutePath().toString());
        EventsLoadBenchmark.run(gateway, 2, 2, 10, 2);
    }

    /** The audit pipeline into the integration tests' PostgreSQL, a schema of its own, 500 records a second for 1 s. */
    @Test
    void auditWrites() throws Exception {
        System.setProperty("bench.db.url", System.getProperty("it.db.url", "jdbc:postgresql://127.0.0.1:5432/test"));
        System.setProperty("bench.db.user", System.getProperty("it.db.user", "postgres"));
        dev.mcphybrid.audit.AuditWriteBenchmark.run();
    }

    /** Against the gateway the integration tests started: 2 runs of a 3-step workflow and 6 direct executes. */
    @Test
    void workflowOverhead() throws Exception {
        String gateway = System.getProperty("gateway.url");
        awaitHealthy(gateway, "everything");
        dev.mcphybrid.workflow.WorkflowBenchmark.run(gateway, Tokens.admin());
    }

    /** The floor and one gateway variant (JWT, H2) of its own, 20 calls each. */
    @Test
    void toolCallsEndToEnd() throws Exception {
        EndToEndBenchmark.run();
    }

    private static void awaitHealthy(String gateway, String server) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/servers/" + server + "/status"))
                    .header("Authorization", "Bearer " + Tokens.admin()).build(), HttpResponse.BodyHandlers.ofString());
            last = status.statusCode() + " " + status.body();
            if (status.statusCode() == 200 && status.body().contains("\"HEALTHY\"")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(server + " is not healthy on " + gateway + ": " + last);
    }
}
