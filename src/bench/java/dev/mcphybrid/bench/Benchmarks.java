package dev.mcphybrid.bench;

import dev.mcphybrid.events.EventsLoadBenchmark;
import dev.mcphybrid.execution.ExecutionBenchmark;
import dev.mcphybrid.health.HealthCycleBenchmark;
import dev.mcphybrid.registry.DiscoveryBenchmark;

/** Runs every benchmark and prints its numbers; nothing here fails on timing. See README, "Benchmarks". */
public final class Benchmarks {

    public static void main(String[] args) throws Exception {
        System.out.printf("mcp-hybrid-server benchmarks on %d cores, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        DiscoveryBenchmark.run();
        HealthCycleBenchmark.run();
        ExecutionBenchmark.run();
        String gateway = System.getProperty("bench.gateway");
        if (gateway == null || gateway.isBlank()) {
            System.out.println("\nLive events: skipped; start the gateway (mvn -DskipTests package liberty:run) and pass -Dbench.gateway=http://localhost:9080");
        } else {
            EventsLoadBenchmark.run(gateway, Integer.getInteger("bench.ws", 1000), Integer.getInteger("bench.sse", 1000),
                    Integer.getInteger("bench.rate", 1000), Integer.getInteger("bench.seconds", 10));
        }
        System.exit(0);
    }
}
