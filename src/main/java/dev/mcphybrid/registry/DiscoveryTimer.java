package dev.mcphybrid.registry;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Discovery on a non-persistent EJB interval timer: re-reads the catalogue file (gateway.discovery.interval-ms,
 * default 30 s) and re-lists tools whose cached list is older than gateway.tools.cache-ttl-ms (default 5 min).
 * A {@code tools/list_changed} notification refreshes a server's list at once, without waiting for this.
 */
@Singleton
@Startup
public class DiscoveryTimer {

    private static final Logger LOG = Logger.getLogger(DiscoveryTimer.class.getName());

    @Resource
    TimerService timerService;

    @Inject
    ServerRegistry registry;

    @Inject
    CatalogueSync catalogue;

    @Inject
    ServerConnector connector;

    @Inject
    @ConfigProperty(name = "gateway.discovery.interval-ms")
    long intervalMs;

    @Inject
    @ConfigProperty(name = "gateway.tools.cache-ttl-ms")
    long toolsCacheTtlMs;

    @PostConstruct
    void schedule() {
        timerService.createIntervalTimer(intervalMs, intervalMs, new TimerConfig("discovery", false));
        LOG.info(() -> "Discovery every " + intervalMs + " ms, tool lists cached for " + toolsCacheTtlMs + " ms");
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void discover() {
        catalogue.synchronizeCatalogue();
        connector.refreshToolsOlderThan(registry.all(), Duration.ofMillis(toolsCacheTtlMs));
    }
}
