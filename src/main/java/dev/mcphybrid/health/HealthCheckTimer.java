package dev.mcphybrid.health;

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
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Runs the health cycle on a non-persistent EJB interval timer (gateway.health.interval-ms, default 30 s). */
@Singleton
@Startup
public class HealthCheckTimer {

    private static final Logger LOG = Logger.getLogger(HealthCheckTimer.class.getName());

    @Resource
    TimerService timerService;

    @Inject
    HealthMonitor monitor;

    @Inject
    @ConfigProperty(name = "gateway.health.interval-ms")
    long intervalMs;

    @PostConstruct
    void schedule() {
        timerService.createIntervalTimer(intervalMs, intervalMs, new TimerConfig("health-cycle", false));
        LOG.info(() -> "Health checks every " + intervalMs + " ms");
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void cycle() {
        monitor.runCycle();
    }
}
