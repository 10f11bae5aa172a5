package dev.mcphybrid.status;

import dev.mcphybrid.cluster.Member;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /api/status}: the gateway at a glance. */
@JsonbPropertyOrder({"status", "reasons", "version", "startedAt", "uptimeSeconds", "authMode", "database", "servers",
        "activeTools", "executions", "audit", "events", "memoryServer", "cluster"})
public record GatewayStatus(OverallHealth status, List<String> reasons, String version, Instant startedAt,
                            long uptimeSeconds, String authMode, DatabaseStatus database, Servers servers, int activeTools,
                            Map<String, WindowCounts> executions, Audit audit, Events events, MemoryServer memoryServer,
                            Cluster cluster) {

    /** Server counts; {@code byState} has every state, with the ids of the servers in it. */
    public record Servers(int total, int enabled, Map<String, StateGroup> byState) {
    }

    public record StateGroup(int count, List<String> ids) {
    }

    /**
     * {@code spooling}: records are going to the disk spool because the database is away; {@code deadLetters}:
     * records the database refused for their data, kept for an operator to replay.
     */
    public record Audit(int bufferDepth, int spooledFiles, long written, boolean spooling, String lastError, int deadLetters) {
    }

    public record Events(int clients) {
    }

    /**
     * The cluster this instance belongs to: {@code enabled} false and this instance as the only member when it runs
     * on its own; {@code store} is where the shared state lives (host:port), {@code storeReachable} whether this
     * instance reaches it now.
     */
    public record Cluster(boolean enabled, String instanceId, String store, boolean storeReachable, List<Member> members) {
    }

    /** The server named by {@code gateway.memory.server-id}; only {@code id} and {@code configured} when absent. */
    public record MemoryServer(String id, boolean configured, String state, Long latencyMs, Integer toolCount) {
    }
}
