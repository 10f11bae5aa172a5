package dev.mcphybrid.health;

import dev.mcphybrid.mcp.McpCallException;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.registry.ReconnectBackOff;
import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.registry.ServerState;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Timer;

/**
 * One health cycle: every connected server is pinged at the same time, each with its own timeout, so a cycle
 * over all servers takes about one timeout however many hang. Servers without a session are reconnected in
 * the background once their back-off has passed; the cycle never waits for a connect.
 *
 * <p>Rules: a ping within {@code gateway.health.slow-ms} is HEALTHY, a slower one DEGRADED; a failed or timed-out
 * ping is UNHEALTHY and closes the session (which also stops a hung stdio process), to be re-established with
 * exponential back-off. Servers disconnected on purpose or disabled are left alone.
 */
@ApplicationScoped
public class HealthMonitor {

    private static final Logger LOG = Logger.getLogger(HealthMonitor.class.getName());

    @Inject
    ServerRegistry registry;

    @Inject
    ReconnectBackOff backOff;

    @Inject
    MetricRegistry metrics;

    @Resource
    ManagedExecutorService executor;

    @Inject
    @ConfigProperty(name = "gateway.health.timeout-ms", defaultValue = "5000")
    long timeoutMs;

    @Inject
    @ConfigProperty(name = "gateway.health.slow-ms", defaultValue = "1000")
    long slowMs;

    private Timer cycleTimer;
    private volatile long lastCycleMillis;

    @PostConstruct
    void registerMetrics() {
        cycleTimer = metrics.timer(Metadata.builder().withName("gateway.health.cycle")
                .withDescription("Duration of one health cycle over all servers").build());
        metrics.gauge(Metadata.builder().withName("gateway.health.cycle.last.duration").withUnit(MetricUnits.MILLISECONDS)
                .withDescription("Duration of the latest health cycle").build(), this, m -> m.lastCycleMillis);
    }

    /** Runs one cycle and returns how long it took. */
    public Duration runCycle() {
        long started = System.nanoTime();
        Instant now = Instant.now();
        List<CompletableFuture<Void>> checks = registry.all().stream()
                .filter(server -> server.definition().enabled() && server.state() != ServerState.DISCONNECTED)
                .map(server -> CompletableFuture.runAsync(() -> check(server, now), executor))
                .toList();
        try {
            // each ping has its own timeout; the margin only covers scheduling
            CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).get(longestTimeout() + 2000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warning(() -> "Health cycle: " + checks.stream().filter(c -> !c.isDone()).count() + " checks still running at its deadline");
        } catch (ExecutionException e) {
            LOG.warning(() -> "Health cycle: a check failed unexpectedly: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        cycleTimer.update(took);
        lastCycleMillis = took.toMillis();
        return took;
    }

    public long lastCycleMillis() {
        return lastCycleMillis;
    }

    private void check(ManagedServer server, Instant cycleStart) {
        Duration interval = server.definition().healthCheck().interval();
        Instant last = server.status().lastCheckedAt();
        if (interval != null && last != null && last.plus(interval).isAfter(cycleStart.plusMillis(500))) {
            return; // this server asked to be checked less often than every cycle
        }
        if (!server.isConnected()) {
            if (server.isDueForReconnect(Instant.now())) {
                registry.connectAsync(server);
            }
            return;
        }
        Duration timeout = timeoutOf(server);
        try {
            Duration latency = server.pingSession(timeout);
            server.recordHealthy(latency, Duration.ofMillis(slowMs));
        } catch (McpCallException e) {
            Duration wait = backOff.after(server.status().consecutiveFailures() + 1);
            server.recordUnhealthy(e.getMessage(), wait);
        }
    }

    private Duration timeoutOf(ManagedServer server) {
        Duration own = server.definition().healthCheck().timeout();
        return own != null ? own : Duration.ofMillis(timeoutMs);
    }

    private long longestTimeout() {
        return registry.all().stream().map(this::timeoutOf).mapToLong(Duration::toMillis).max().orElse(timeoutMs);
    }
}
