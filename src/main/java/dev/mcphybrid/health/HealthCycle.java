package dev.mcphybrid.health;

import dev.mcphybrid.mcp.McpCallException;
import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.registry.ServerState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.logging.Logger;

/**
 * One health pass over a set of servers, free of container types so it can be measured on its own. Every
 * connected server is pinged at the same time, each with its own timeout, so a pass takes about one timeout
 * however many servers hang. Servers without a session are handed to {@code reconnect} once their back-off has
 * passed; the pass never waits for a connect.
 */
final class HealthCycle {

    private static final Logger LOG = Logger.getLogger(HealthCycle.class.getName());

    private final Executor executor;
    private final Duration defaultTimeout;
    private final Duration slow;
    private final IntFunction<Duration> backOff;
    private final Consumer<ManagedServer> reconnect;

    HealthCycle(Executor executor, Duration defaultTimeout, Duration slow, IntFunction<Duration> backOff,
                Consumer<ManagedServer> reconnect) {
        this.executor = executor;
        this.defaultTimeout = defaultTimeout;
        this.slow = slow;
        this.backOff = backOff;
        this.reconnect = reconnect;
    }

    /** Checks the servers and returns how long the pass took. */
    Duration run(Collection<ManagedServer> servers) {
        long started = System.nanoTime();
        Instant now = Instant.now();
        List<CompletableFuture<Void>> checks = servers.stream()
                .filter(server -> server.definition().enabled() && server.state() != ServerState.DISCONNECTED)
                .map(server -> CompletableFuture.runAsync(() -> check(server, now), executor))
                .toList();
        long longest = servers.stream().map(this::timeoutOf).mapToLong(Duration::toMillis).max().orElse(defaultTimeout.toMillis());
        try {
            // every ping has its own timeout; the margin only covers scheduling
            CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).get(longest + 2000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warning(() -> "Health cycle: " + checks.stream().filter(c -> !c.isDone()).count() + " checks still running at its deadline");
        } catch (ExecutionException e) {
            LOG.warning(() -> "Health cycle: a check failed unexpectedly: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private void check(ManagedServer server, Instant cycleStart) {
        Duration interval = server.definition().healthCheck().interval();
        Instant last = server.status().lastCheckedAt();
        if (interval != null && last != null && last.plus(interval).isAfter(cycleStart.plusMillis(500))) {
            return; // this server asked to be checked less often than every cycle
        }
        if (!server.isConnected()) {
            if (server.isDueForReconnect(Instant.now())) {
                reconnect.accept(server);
            }
            return;
        }
        long answers = server.answers();
        try {
            server.recordHealthy(server.pingSession(timeoutOf(server)), slow);
        } catch (McpCallException e) {
            Duration wait = backOff.apply(server.status().consecutiveFailures() + 1);
            if (e.isTimeout()) {
                server.recordPingTimeout(answers, timeoutOf(server), e.getMessage(), wait);
            } else {
                server.recordUnhealthy(e.getMessage(), wait);
            }
        }
    }

    private Duration timeoutOf(ManagedServer server) {
        Duration own = server.definition().healthCheck().timeout();
        return own != null ? own : defaultTimeout;
    }
}
