package dev.mcphybrid.upstream;

import dev.mcphybrid.common.CoalescedTask;
import dev.mcphybrid.registry.DownstreamLog;
import dev.mcphybrid.registry.ServerRegistry;
import dev.mcphybrid.security.SecretMask;
import io.modelcontextprotocol.spec.McpSchema;
import dev.mcphybrid.registry.ServerStateChanged;
import dev.mcphybrid.registry.ToolsChanged;
import dev.mcphybrid.workflow.Workflows;
import dev.mcphybrid.workflow.WorkflowsChanged;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The MCP endpoints the gateway offers, re-synced whenever a downstream server or its tools change. A sync can wait
 * seconds on the MCP SDK, so it runs off the event: a server's events are delivered in order, and a slow sync would
 * otherwise hold up that server's next events for every observer.
 */
@ApplicationScoped
public class UpstreamServers {

    @Inject
    ServerRegistry registry;

    @Inject
    Workflows workflows;

    @Inject
    SecretMask secretMask;

    @Resource
    ManagedExecutorService executor;

    private final List<GatewayMcpServer> servers = new CopyOnWriteArrayList<>();
    private CoalescedTask sync;

    @PostConstruct
    void init() {
        sync = new CoalescedTask("MCP endpoint sync", executor, this::syncAll);
    }

    void add(GatewayMcpServer server) {
        servers.add(server);
        server.exposed().sync(registry.all(), workflows.all());
    }

    void toolsChanged(@ObservesAsync ToolsChanged change) {
        sync.request();
    }

    void stateChanged(@ObservesAsync ServerStateChanged change) {
        sync.request();
    }

    void workflowsChanged(@ObservesAsync WorkflowsChanged change) {
        sync.request();
    }

    /** Reads the registry as it is now, so one run serves every change before it. */
    void syncAll() {
        servers.forEach(server -> server.exposed().sync(registry.all(), workflows.all()));
    }

    /** A downstream server's log line, for the MCP clients that asked for log messages (logging/setLevel). */
    void downstreamLog(@ObservesAsync DownstreamLog log) {
        List<GatewayMcpServer> listening = servers.stream().filter(GatewayMcpServer::wantsLogs).toList();
        if (listening.isEmpty()) {
            return; // the usual case: no session asked, so a chatty server's lines are not masked for nobody
        }
        McpSchema.LoggingLevel level = GatewayMcpServer.level(log.level());
        String text = secretMask.mask(log.logger() == null || log.logger().isBlank() ? log.message() : log.logger() + ": " + log.message());
        listening.forEach(server -> server.log(log.serverId(), level, text));
    }

    public List<String> names() {
        return servers.stream().map(server -> server.exposed().name()).toList();
    }

    @PreDestroy
    void close() {
        servers.forEach(GatewayMcpServer::close);
    }
}
