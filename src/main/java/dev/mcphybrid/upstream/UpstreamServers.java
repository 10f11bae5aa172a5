package dev.mcphybrid.upstream;

import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.registry.ServerStateChanged;
import dev.mcphybrid.registry.ToolsChanged;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The MCP endpoints the gateway offers, re-synced whenever a downstream server or its tools change. */
@ApplicationScoped
public class UpstreamServers {

    @Inject
    ServerRegistry registry;

    private final List<ExposedServer> servers = new CopyOnWriteArrayList<>();

    void add(ExposedServer server) {
        servers.add(server);
        server.sync(registry.all());
    }

    void toolsChanged(@ObservesAsync ToolsChanged change) {
        syncAll();
    }

    void stateChanged(@ObservesAsync ServerStateChanged change) {
        syncAll();
    }

    /** Cheap when nothing changed: each endpoint compares before it adds or removes anything. */
    void syncAll() {
        servers.forEach(server -> server.sync(registry.all()));
    }

    public List<String> names() {
        return servers.stream().map(ExposedServer::name).toList();
    }

    @PreDestroy
    void close() {
        servers.forEach(ExposedServer::close);
    }
}
