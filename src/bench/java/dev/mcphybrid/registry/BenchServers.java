package dev.mcphybrid.registry;

import dev.mcphybrid.mcp.McpConnection;
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
