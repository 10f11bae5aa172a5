package dev.mcphybrid.bench;

import dev.mcphybrid.audit.AuditWriteBenchmark;
import dev.mcphybrid.events.EventsLoadBenchmark;
import dev.mcphybrid.execution.ExecutionBenchmark;
import dev.mcphybrid.health.HealthCycleBenchmark;
import dev.mcphybrid.registry.DiscoveryBenchmark;
import dev.mcphybrid.telemetry.TracingHooksBenchmark;
import dev.mcphybrid.workflow.WorkflowBenchmark;
import java.util.Set;

/**
 * Runs every benchmark (or those named in {@code -Dbench.only}: discovery, health, execution, tracing, events, calls,
 * audit, workflows) and
 * prints its numbers; nothing here fails on timing. See README, "Benchmarks".
 *
 * <p>With {@code -Dbench.smoke=true} each runs once with a tiny load (a few servers, a few calls): the build runs
 * them so (BenchmarksSmokeIT) to prove they still work, and judges no figure.
 */
public final class Benchmarks {

    /** What runs when {@code bench.only} is empty. */
    public static final Set<String> ALL = Set.of("discovery", "health", "execution", "tracing", "events", "calls", "audit", "workflows");

    private Benchmarks() {
    }

    /** A few calls only, to prove the benchmark works; read when a benchmark class is loaded. */
    public static boolean smoke() {
        return Boolean.getBoolean("bench.smoke");
    }

    public static void main(String[] args) throws Exception {
        String only = System.getProperty("bench.only", "");
        try {
            run(only.isBlank() ? ALL : Set.of(only.split(",")));
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // threads a failed benchmark left behind must not keep the build waiting
        }
        System.exit(0);
    }

    /** Runs the named benchmarks; throws when one fails (a failed call, a broken set-up), never on timing. */
    public static void run(Set<String> only) throws Exception {
        System.out.printf("mcp-hybrid-server benchmarks on %d cores, Java %s%s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), smoke() ? " (smoke: tiny loads, figures mean nothing)" : "");
        if (only.contains("discovery")) {
            DiscoveryBenchmark.run();
        }
        if (only.contains("health")) {
            HealthCycleBenchmark.run();
        }
        if (only.contains("execution")) {
            ExecutionBenchmark.run();
        }
        if (only.contains("tracing")) {
            TracingHooksBenchmark.run();
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
        if (only.contains("calls")) {
            EndToEndBenchmark.run();
        }
        if (only.contains("audit")) {
            AuditWriteBenchmark.run();
        }
        String workflowGateway = System.getProperty("bench.workflow.gateway", "");
        if (!only.contains("workflows")) {
            System.out.println("\nWorkflow engine overhead: not in -Dbench.only");
        } else if (workflowGateway.isBlank()) {
            System.out.println("\nWorkflow engine overhead: skipped; start a gateway (mvn -DskipTests package liberty:run) and pass "
                    + "-Dbench.workflow.gateway=http://localhost:9080 -Dbench.token=<admin JWT>");
        } else {
            WorkflowBenchmark.run(workflowGateway, System.getProperty("bench.token", ""));
        }
    }
}
