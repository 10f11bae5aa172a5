package dev.mcphybrid.registry;

import dev.mcphybrid.common.ShippedDefaults;
import dev.mcphybrid.mcp.McpConnection;
import dev.mcphybrid.mcp.Transport;
import dev.mcphybrid.security.SecretMask;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.time.Duration;
import java.util.function.Supplier;

/** Lets benchmarks build servers the way the registry does, without a container. */
public final class BenchServers {

    private BenchServers() {
    }

    public static ManagedServer connected(String id, Supplier<McpConnection> opener, Duration timeout, ServerDefinition.HealthCheck health) {
        ManagedServer server = new ManagedServer(new ServerDefinition(id, id, Transport.STREAMABLE_HTTP, "http://in-memory/" + id,
                null, null, null, null, health, null, null, java.util.List.of("bench"), true, ServerDefinition.Origin.CATALOGUE),
                ServerEvents.NONE);
        server.connect(opener, timeout);
        return server;
    }

    /** A registry built by hand; {@code connector} keeps its servers' sessions (may be null where nothing reconnects). */
    public static ServerRegistry registry(ServerConnector connector) {
        ServerRegistry registry = new ServerRegistry();
        registry.secretMask = new SecretMask();
        registry.connector = connector;
        return registry;
    }

    /** A connector that probes unanswered servers on {@code executor}, backing off as the shipped defaults say. */
    public static ServerConnector connector(ManagedExecutorService executor, long probeTimeoutMs) {
        ReconnectBackOff backOff = new ReconnectBackOff();
        backOff.initialMs = Long.parseLong(ShippedDefaults.of("gateway.health.backoff.initial-ms"));
        backOff.maxMs = Long.parseLong(ShippedDefaults.of("gateway.health.backoff.max-ms"));
        ServerConnector connector = new ServerConnector();
        connector.executor = executor;
        connector.probeTimeoutMs = probeTimeoutMs;
        connector.backOff = backOff;
        return connector;
    }

    /** Adds a server to a registry built by hand and connects it. */
    public static ManagedServer addConnected(ServerRegistry registry, String id, Supplier<McpConnection> opener, Duration timeout) {
        ManagedServer server = registry.add(new ServerDefinition(id, id, Transport.STREAMABLE_HTTP, "http://in-memory/" + id,
                null, null, null, null, null, null, null, java.util.List.of("bench"), true, ServerDefinition.Origin.CATALOGUE));
        server.connect(opener, timeout);
        return server;
    }

    public static void disconnect(ManagedServer server) {
        server.disconnect();
    }

    public static void refreshTools(ManagedServer server, Duration timeout) {
        server.refreshTools(timeout);
    }
}
