package dev.mcphybrid.status;

import dev.mcphybrid.registry.ServerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The gateway's overall health:
 * <ul>
 * <li>UNHEALTHY when the database is not migrated, or not reachable while audit records cannot go to the disk
 * spool either, or when enabled servers are configured and none of them is HEALTHY or DEGRADED;</li>
 * <li>otherwise DEGRADED when the database is not reachable (calls go on, audited to the spool), when an
 * enabled server is not HEALTHY, when the error rate of the last 5 minutes is above
 * {@code degradedErrorRate} (once there were at least {@code minCalls} calls), or when the audit pipeline is
 * spooling to disk, or when audit records refused by the database wait in the dead letters, or when this cluster
 * member cannot reach the cluster's shared store;</li>
 * <li>otherwise HEALTHY.</li>
 * </ul>
 * Every reason found is listed, the ones that make it UNHEALTHY first.
 */
public final class HealthRule {

    /** What the rule looks at of one server. */
    public record ServerHealth(String id, boolean enabled, ServerState state, String error) {
    }

    /**
     * @param databaseProblem null when the database is migrated and reachable, else what is wrong
     * @param auditSpoolingReason null unless audit records are going to the disk spool
     * @param clusterProblem null unless this cluster member cannot reach the shared store
     * @param auditDeadLetters audit records the database refused, waiting for an operator
     * @param databaseOutageSpooled the database problem is an outage of a migrated database while audit records
     *                              can go to the disk spool: calls go on, so it only degrades
     */
    public record Facts(String databaseProblem, List<ServerHealth> servers, WindowCounts lastFiveMinutes,
                        String auditSpoolingReason, String clusterProblem, int auditDeadLetters, boolean databaseOutageSpooled) {

        public Facts(String databaseProblem, List<ServerHealth> servers, WindowCounts lastFiveMinutes,
                     String auditSpoolingReason, String clusterProblem) {
            this(databaseProblem, servers, lastFiveMinutes, auditSpoolingReason, clusterProblem, 0, false);
        }
    }

    public record Verdict(OverallHealth status, List<String> reasons) {
    }

    private final double degradedErrorRate;
    private final long minCalls;

    public HealthRule(double degradedErrorRate, long minCalls) {
        this.degradedErrorRate = degradedErrorRate;
        this.minCalls = minCalls;
    }

    public Verdict evaluate(Facts facts) {
        List<String> unhealthy = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        if (facts.databaseProblem() != null) {
            (facts.databaseOutageSpooled() ? degraded : unhealthy).add("database " + facts.databaseProblem());
        }
        List<ServerHealth> enabled = facts.servers().stream().filter(ServerHealth::enabled).toList();
        if (!enabled.isEmpty() && enabled.stream().noneMatch(s -> s.state() == ServerState.HEALTHY || s.state() == ServerState.DEGRADED)) {
            unhealthy.add("none of the " + enabled.size() + " enabled servers is HEALTHY or DEGRADED");
        }
        for (ServerHealth server : enabled) {
            if (server.state() != ServerState.HEALTHY) {
                degraded.add("server " + server.id() + " is " + server.state() + (server.error() == null ? "" : ": " + server.error()));
            }
        }
        WindowCounts recent = facts.lastFiveMinutes();
        if (recent.calls() >= minCalls && recent.calls() > 0 && recent.errorRate() > degradedErrorRate) {
            degraded.add(String.format(Locale.ROOT, "error rate of the last 5 minutes is %.2f (%d of %d calls), above %.2f",
                    recent.errorRate(), recent.errors(), recent.calls(), degradedErrorRate));
        }
        if (facts.auditSpoolingReason() != null) {
            degraded.add("audit records are spooling to disk: " + facts.auditSpoolingReason());
        }
        if (facts.auditDeadLetters() > 0) {
            degraded.add(facts.auditDeadLetters() + " audit records refused by the database wait in the dead letters"
                    + " (GET /api/executions/dead-letters)");
        }
        if (facts.clusterProblem() != null) {
            degraded.add("cluster " + facts.clusterProblem());
        }
        List<String> reasons = new ArrayList<>(unhealthy);
        reasons.addAll(degraded);
        OverallHealth status = !unhealthy.isEmpty() ? OverallHealth.UNHEALTHY
                : !degraded.isEmpty() ? OverallHealth.DEGRADED : OverallHealth.HEALTHY;
        return new Verdict(status, List.copyOf(reasons));
    }
}
