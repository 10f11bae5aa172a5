package dev.mcphybrid.bench;

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
        System.exit(0);
    }
}
