package dev.mcphybrid.dogfood;

import dev.mcphybrid.cluster.ClusterMembers;
import dev.mcphybrid.mcp.Transport;
import dev.mcphybrid.common.OrderedEvents;
import dev.mcphybrid.events.SystemAlert;
import dev.mcphybrid.execution.CallerInfo;
import dev.mcphybrid.execution.ExecutionResponse;
import dev.mcphybrid.execution.ToolCall;
import dev.mcphybrid.execution.ToolId;
import dev.mcphybrid.execution.ExecutionSettings;
import dev.mcphybrid.execution.ToolExecutor;
import dev.mcphybrid.persistence.DatabaseMigration;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.registry.ServerStateChanged;
import dev.mcphybrid.registry.ToolsChanged;
import dev.mcphybrid.security.Caller;
import dev.mcphybrid.security.SecretMask;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Dogfooding: the gateway records what happens to its servers (down, back up, tools changed) and its alerts as
 * observations in a memory server of its own catalogue, through its own execution path as principal
 * {@value MemoryWriter#PRINCIPAL}, and announces each write as a {@code memory_update} event. Writes run on one
 * background worker behind a bounded queue, so nothing else ever waits for the memory server.
 */
@ApplicationScoped
public class DogfoodRecorder {

    private static final Logger LOG = Logger.getLogger(DogfoodRecorder.class.getName());

    /** Who the writes are made as: an admin, so the default policy (no file) and "admins may call *" allow them. */
    static final Caller SYSTEM_CALLER = new Caller(MemoryWriter.PRINCIPAL, Set.of("admin"));
    /** Observations per add_observations call when many are waiting. */
    static final int BATCH_SIZE = 50;

    @Inject
    ServerRegistry registry;

    @Inject
    ToolExecutor executor;

    @Inject
    ExecutionSettings executionSettings;

    @Inject
    SecretMask secretMask;

    @Inject
    Event<MemoryUpdated> updates;

    @Inject
    OrderedEvents ordered;

    @Inject
    MetricRegistry metrics;

    @Resource
    ManagedExecutorService workers;

    @Inject
    @ConfigProperty(name = "gateway.dogfood.enabled")
    boolean enabledSetting;

    @Inject
    @ConfigProperty(name = "gateway.dogfood.server")
    String serverId;

    @Inject
    @ConfigProperty(name = "gateway.dogfood.queue")
    int queueCapacity;

    @Inject
    @ConfigProperty(name = "gateway.dogfood.timeout-ms")
    long timeoutMs;

    @Inject
    MemoryStoreStats storeStats;

    @Inject
    ClusterMembers cluster;

    private DogfoodCounters counters = new DogfoodCounters();
    private volatile boolean enabled;
    private WriteQueue<Observation> queue;
    private ObservationIntake intake;

    @PostConstruct
    void init() {
        counters = new DogfoodCounters(storeStats);
        enabled = enabledSetting && settingsValid();
        if (enabled) {
            MemoryWriter writer = new MemoryWriter(serverId, this::executeAsGateway, this::memoryConnected, timeoutMs, counters,
                    update -> updates.fireAsync(update, ordered.by(serverId)));
            queue = new WriteQueue<>(queueCapacity, BATCH_SIZE, workers, writer::write);
            intake = new ObservationIntake(new FeedbackGuard(serverId), new NotableEvents(Clock.systemUTC()),
                    this::memoryConnected, secretMask::mask, queue, counters);
        }
        counters.exportAs(metrics);
        metrics.gauge("gateway.dogfood.queue.depth", this, r -> r.queue == null ? 0 : r.queue.size());
    }

    private boolean settingsValid() {
        long maxTimeout = executionSettings.maxTimeout().toMillis();
        String problem = serverId == null || serverId.isBlank() ? "gateway.dogfood.server is empty"
                : queueCapacity < 1 ? "gateway.dogfood.queue must be at least 1, not " + queueCapacity
                : timeoutMs < 1 || timeoutMs > maxTimeout ? "gateway.dogfood.timeout-ms must be from 1 to " + maxTimeout + ", not " + timeoutMs
                : null;
        if (problem != null) {
            LOG.warning("Dogfooding off: " + problem);
        }
        return problem == null;
    }

    /** After the registry has read the catalogue: says once whether and where notable events are recorded. */
    void announce(@Observes @Priority(DatabaseMigration.STARTUP_PRIORITY + 20) Startup startup) {
        if (!enabledSetting) {
            LOG.info("Dogfooding off (gateway.dogfood.enabled=false)");
        } else if (enabled && !registry.contains(serverId)) {
            LOG.info("Dogfooding: no server '" + serverId + "' in the catalogue; notable events are not recorded");
        } else if (enabled) {
            LOG.info("Dogfooding: notable events are recorded in memory server '" + serverId + "' as principal "
                    + MemoryWriter.PRINCIPAL);
        }
    }

    void serverState(@ObservesAsync ServerStateChanged change) {
        record(change);
    }

    void tools(@ObservesAsync ToolsChanged change) {
        record(change);
    }

    void alert(@ObservesAsync SystemAlert alert) {
        record(alert);
    }

    private void record(Object event) {
        if (enabled && registry.find(serverId).map(this::writesHere).orElse(false)) {
            intake.accept(event);
        }
    }

    /**
     * A memory server this instance started (stdio) is its own, and it records there. One reached over the network
     * is shared by the cluster: only the instance that leads the cluster records, so nothing is written N times.
     */
    private boolean writesHere(ManagedServer memory) {
        return memory.definition().transport() == Transport.STDIO || cluster.leads();
    }

    /** What has been written, skipped, dropped and why writes failed, since start-up. */
    public DogfoodStats stats() {
        return counters.snapshot(enabled, serverId, queue == null ? 0 : queue.size());
    }

    private boolean memoryConnected() {
        return registry.find(serverId).map(ManagedServer::isConnected).orElse(false);
    }

    private ExecutionResponse executeAsGateway(ToolId tool, JsonObject arguments, Duration timeout) {
        return executor.execute(new ToolCall(tool, arguments, timeout, new CallerInfo(SYSTEM_CALLER, null,
                "mcp-hybrid-server dogfood", "dogfood-" + UUID.randomUUID())));
    }

    @PreDestroy
    void stop() {
        enabled = false;
        if (queue != null) {
            queue.clear();
        }
    }
}
