package dev.mcphybrid.bench;

import dev.mcphybrid.events.EventsLoadBenchmark;
import dev.mcphybrid.execution.ExecutionBenchmark;
import dev.mcphybrid.health.HealthCycleBenchmark;
import dev.mcphybrid.registry.DiscoveryBenchmark;
import java.util.Set;

/**
 * Runs every benchmark (or those named in {@code -Dbench.only}: discovery, health, execution, events) and prints its
 * numbers; nothing here fails on timing. See README, "Benchmarks".
 */
public final class Benchmarks {

    public static void main(String[] args) throws Exception {
        System.out.printf("mcp-hybrid-server benchmarks on %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        Set<String> only = Set.of(System.getProperty("bench.only", "").isBlank() ? new String[] {"discovery", "health", "execution", "events"}
                : System.getProperty("bench.only").split(","));
        if (only.contains("discovery")) {
            DiscoveryBenchmark.run();
        }
        if (only.contains("health")) {
            HealthCycleBenchmark.run();
        }
        if (only.contains("execution")) {
            ExecutionBenchmark.run();
        }
        String gateway = System.getProperty("bench.gateway");
        String loads = System.getProperty("bench.loads");
        if (!only.contains("events")) {
            System.out.println("\nLive events: not in -Dbench.only");
        } else if (gateway == null || gateway.isBlank()) {
            System.out.println("\nLive events: skipped; start the gateway with rate limits off (GATEWAY_RATELIMIT_ENABLED=false mvn -DskipTests "
                    + "package liberty:run) and pass -Dbench.gateway=http://localhost:9080");
        } else if (loads != null && !loads.isBlank()) {
            EventsLoadBenchmark.runAll(gateway, loads, Integer.getInteger("bench.seconds", 10));
        } else {
            EventsLoadBenchmark.run(gateway, Integer.getInteger("bench.ws", 1000), Integer.getInteger("bench.sse", 1000),
                    Integer.getInteger("bench.rate", 1000), Integer.getInteger("bench.seconds", 10));
        }
        System.exit(0);
    }
}
