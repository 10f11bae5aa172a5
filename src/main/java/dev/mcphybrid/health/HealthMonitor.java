package dev.mcphybrid.health;

import dev.mcphybrid.registry.ReconnectBackOff;
import dev.mcphybrid.registry.ServerConnector;
import dev.mcphybrid.registry.ServerRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Runs {@link HealthCycle}s over the registry on the container's executor and publishes their duration.
 *
 * <p>Rules: a ping answered within {@code gateway.health.slow-ms} is HEALTHY, a slower one DEGRADED; a failed or
 * timed-out ping is UNHEALTHY and closes the session (which also stops a hung stdio process), to be
 * re-established with exponential back-off, except a ping that timed out while the server answered calls: that
 * server is busy, not hung, and only DEGRADED. Servers disconnected on purpose or disabled are left alone.
 */
@ApplicationScoped
public class HealthMonitor {

    @Inject
    ServerRegistry registry;

    @Inject
    ServerConnector connector;

    @Inject
    ReconnectBackOff backOff;

    @Inject
    MetricRegistry metrics;

    @Resource
    ManagedExecutorService executor;

    @Inject
    @ConfigProperty(name = "gateway.health.timeout-ms")
    long timeoutMs;

    @Inject
    @ConfigProperty(name = "gateway.health.slow-ms")
    long slowMs;

    private HealthCycle cycle;
    private Timer cycleTimer;
    private volatile long lastCycleMillis;

    @PostConstruct
    void init() {
        cycle = new HealthCycle(executor, Duration.ofMillis(timeoutMs), Duration.ofMillis(slowMs), backOff::after,
                connector::connectAsync);
        cycleTimer = metrics.timer(Metadata.builder().withName("gateway.health.cycle")
                .withDescription("Duration of one health cycle over all servers").build());
        metrics.gauge(Metadata.builder().withName("gateway.health.cycle.last.duration").withUnit(MetricUnits.MILLISECONDS)
                .withDescription("Duration of the latest health cycle").build(), this, m -> m.lastCycleMillis);
    }

    /** Runs one cycle over every server and returns how long it took. */
    public Duration runCycle() {
        Duration took = cycle.run(registry.all());
        cycleTimer.update(took);
        lastCycleMillis = took.toMillis();
        return took;
    }
}
