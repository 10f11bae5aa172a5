package dev.mcphybrid.status;

import dev.mcphybrid.audit.AuditLog;
import dev.mcphybrid.audit.AuditPipeline;
import dev.mcphybrid.cluster.ClusterMembers;
import dev.mcphybrid.cluster.ClusterStore;
import dev.mcphybrid.common.GatewayVersion;
import dev.mcphybrid.dogfood.MemoryStoreStats;
import dev.mcphybrid.events.EventBus;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.registry.ServerState;
import dev.mcphybrid.registry.ServerStatus;
import dev.mcphybrid.security.Callers;
import dev.mcphybrid.security.SecretMask;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Puts together {@code GET /api/status} and {@code GET /api/status/memory-server} from what is in memory. */
@ApplicationScoped
public class StatusReport {

    @Inject
    ServerRegistry registry;

    @Inject
    DatabaseProbe database;

    @Inject
    RecentCalls calls;

    @Inject
    AuditLog audit;

    @Inject
    EventBus events;

    @Inject
    Callers callers;

    @Inject
    MemoryStoreStats memoryStore;

    @Inject
    GatewayVersion version;

    @Inject
    SecretMask secretMask;

    @Inject
    ClusterMembers cluster;

    @Inject
    ClusterStore clusterStore;

    @Inject
    @ConfigProperty(name = "gateway.status.degraded-error-rate")
    double degradedErrorRate;

    @Inject
    @ConfigProperty(name = "gateway.status.degraded-min-calls")
    long degradedMinCalls;

    @Inject
    @ConfigProperty(name = "gateway.memory.server-id")
    String memoryServerId;

    private HealthRule rule;
    private volatile Instant startedAt = Instant.now();

    @PostConstruct
    void init() {
        rule = new HealthRule(degradedErrorRate, degradedMinCalls);
    }

    void started(@Observes Startup startup) {
        startedAt = Instant.now();
    }

    public GatewayStatus status() {
        List<ServerStatus> servers = registry.all().stream().map(ManagedServer::status).toList();
        DatabaseStatus db = database.status();
        Map<String, WindowCounts> executions = new LinkedHashMap<>();
        for (StatusWindow window : StatusWindow.values()) {
            executions.put(window.label(), calls.counts(window));
        }
        AuditPipeline.Snapshot pipeline = audit.snapshot();
        HealthRule.Verdict verdict = rule.evaluate(new HealthRule.Facts(db.problem(),
                servers.stream().map(s -> new HealthRule.ServerHealth(s.id(), s.enabled(), s.state(), s.lastError())).toList(),
                executions.get(StatusWindow.FIVE_MINUTES.label()), spoolingReason(pipeline),
                cluster.storeFailing() ? "store " + clusterStore.where() + " does not answer" : null, pipeline.deadLetters(),
                "DONE".equals(db.migration()) && !db.reachable() && audit.spoolWritable()));
        Instant now = Instant.now();
        return new GatewayStatus(verdict.status(), verdict.reasons().stream().map(secretMask::mask).toList(),
                version.version(), startedAt, Duration.between(startedAt, now).toSeconds(),
                callers.mode().name().toLowerCase(Locale.ROOT), db, serverCounts(servers),
                servers.stream().mapToInt(ServerStatus::toolCount).sum(), executions,
                new GatewayStatus.Audit(pipeline.buffered(), pipeline.spooledBatches(), pipeline.written(),
                        spooling(pipeline), pipeline.lastError(), pipeline.deadLetters()),
                new GatewayStatus.Events(events.clientCount()), memoryServerSummary(),
                new GatewayStatus.Cluster(clusterStore.enabled(), cluster.instanceId(), clusterStore.where(),
                        !cluster.storeFailing(), cluster.members()));
    }

    /** Empty when no server has the id {@code gateway.memory.server-id}. */
    public Optional<MemoryServerDetails> memoryServer() {
        return registry.find(memoryServerId).map(server -> {
            List<MemoryServerDetails.Tool> tools = server.tools().stream()
                    .map(t -> new MemoryServerDetails.Tool(t.name(), t.description()))
                    .sorted(Comparator.comparing(MemoryServerDetails.Tool::name))
                    .toList();
            MemoryStoreStats.Snapshot stored = memoryStore.snapshot();
            if (stored.lastFailure() != null) {
                stored = new MemoryStoreStats.Snapshot(stored.writes(), stored.entities(), stored.observations(), stored.failures(),
                        stored.skipped(), stored.lastWriteAt(), secretMask.mask(stored.lastFailure()), stored.lastFailureAt(),
                        stored.writesByKind());
            }
            return new MemoryServerDetails(server.status(), tools, stored);
        });
    }

    public String memoryServerId() {
        return memoryServerId;
    }

    private GatewayStatus.MemoryServer memoryServerSummary() {
        return registry.find(memoryServerId).map(ManagedServer::status)
                .map(s -> new GatewayStatus.MemoryServer(memoryServerId, true, s.state().name(), s.latencyMs(), s.toolCount()))
                .orElse(new GatewayStatus.MemoryServer(memoryServerId, false, null, null, null));
    }

    private static GatewayStatus.Servers serverCounts(List<ServerStatus> servers) {
        Map<String, GatewayStatus.StateGroup> byState = new LinkedHashMap<>();
        for (ServerState state : ServerState.values()) {
            List<String> ids = new ArrayList<>();
            servers.stream().filter(s -> s.state() == state).forEach(s -> ids.add(s.id()));
            byState.put(state.name(), new GatewayStatus.StateGroup(ids.size(), ids));
        }
        return new GatewayStatus.Servers(servers.size(), (int) servers.stream().filter(ServerStatus::enabled).count(), byState);
    }

    private static boolean spooling(AuditPipeline.Snapshot pipeline) {
        return pipeline.outage() || pipeline.spooledBatches() > 0;
    }

    private static String spoolingReason(AuditPipeline.Snapshot pipeline) {
        if (!spooling(pipeline)) {
            return null;
        }
        return pipeline.spooledBatches() + " batches waiting" + (pipeline.lastError() == null ? "" : ", " + pipeline.lastError());
    }
}
