package dev.mcphybrid.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** The gateway process itself: up while it can answer. Downstream servers never make it not live. */
@Liveness
@ApplicationScoped
public class GatewayLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        Runtime runtime = Runtime.getRuntime();
        return HealthCheckResponse.named("gateway")
                .up()
                .withData("uptimeMs", ManagementFactory.getRuntimeMXBean().getUptime())
                .withData("heapUsedBytes", runtime.totalMemory() - runtime.freeMemory())
                .withData("heapMaxBytes", runtime.maxMemory())
                .build();
    }
}
