package dev.mcphybrid.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How long to wait before reconnecting a failing server: doubling from {@code initial} up to {@code max}, with
 * up to 10% jitter so many servers that failed together do not all retry in the same instant.
 */
@ApplicationScoped
public class ReconnectBackOff {

    @Inject
    @ConfigProperty(name = "gateway.health.backoff.initial-ms")
    long initialMs;

    @Inject
    @ConfigProperty(name = "gateway.health.backoff.max-ms")
    long maxMs;

    public Duration after(int consecutiveFailures) {
        return delay(consecutiveFailures, initialMs, maxMs, ThreadLocalRandom.current().nextDouble());
    }

    static Duration delay(int consecutiveFailures, long initialMs, long maxMs, double random) {
        if (consecutiveFailures <= 0) {
            return Duration.ZERO;
        }
        int doublings = Math.min(consecutiveFailures - 1, 30);
        long base = Math.min(maxMs, initialMs * (1L << doublings));
        return Duration.ofMillis(Math.min(maxMs, base + (long) (base * 0.1 * random)));
    }
}
