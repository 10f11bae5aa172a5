package dev.mcphybrid.upstream;

import dev.mcphybrid.mcp.SdkConnectionFactory;
import dev.mcphybrid.security.Callers;
import dev.mcphybrid.common.GatewayVersion;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Offers the gateway itself as an MCP server, with the official SDK's servlet transports: Streamable HTTP at
 * {@code /mcp}, the older HTTP+SSE transport at {@code /mcp/sse} (messages to {@code /mcp/message}), and each virtual
 * server at {@code /mcp/{name}}. web.xml's security constraint and request limits cover all of them.
 */
public class UpstreamEndpoints implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(UpstreamEndpoints.class.getName());
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(30);

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Config config = ConfigProvider.getConfig();
        if (!config.getValue("gateway.mcp.endpoint.enabled", Boolean.class)) {
            LOG.info("The gateway's own MCP endpoint is off (gateway.mcp.endpoint.enabled=false)");
            return;
        }
        UpstreamBridge bridge = CDI.current().select(UpstreamBridge.class).get();
        UpstreamServers servers = CDI.current().select(UpstreamServers.class).get();
        ResourceSubscriptions subscriptions = CDI.current().select(ResourceSubscriptions.class).get();
        String version = CDI.current().select(GatewayVersion.class).get().version();
        McpSessions sessions = CDI.current().select(McpSessions.class).get();
        Callers callers = CDI.current().select(Callers.class).get();
        RunningCalls calls = CDI.current().select(RunningCalls.class).get();
        Function<HttpServletRequest, String> principals = request -> callers.of(request.getUserPrincipal(), request::isUserInRole).name();
        Map<String, HttpServlet> streamableTransports = new LinkedHashMap<>();

        HttpServletStreamableServerTransportProvider streamable = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(SdkConnectionFactory.jsonMapper()).mcpEndpoint("/mcp").keepAliveInterval(KEEP_ALIVE)
                .contextExtractor(bridge::context).build();
        GatewayMcpServer catalogue = new GatewayMcpServer(new ExposedServer("mcp", toolId -> true, true), bridge, subscriptions, "mcp-hybrid-server", version, null);
        catalogue.serve(new SessionTrackingTransport(streamable));
        servers.add(catalogue);
        register(context, "mcp-streamable-http", streamable, "/mcp");
        streamableTransports.put("/mcp", streamable);

        HttpServletSseServerTransportProvider sse = HttpServletSseServerTransportProvider.builder()
                .jsonMapper(SdkConnectionFactory.jsonMapper()).sseEndpoint("/mcp/sse").messageEndpoint("/mcp/message")
                .keepAliveInterval(KEEP_ALIVE).contextExtractor(bridge::context).build();
        GatewayMcpServer overSse = new GatewayMcpServer(new ExposedServer("mcp-sse", toolId -> true, true), bridge, subscriptions, "mcp-hybrid-server", version, null);
        overSse.serve(sse);
        servers.add(overSse);
        register(context, "mcp-sse", sse, "/mcp/sse", "/mcp/message");

        for (VirtualServer virtual : virtualServers(config)) {
            String path = "/mcp/" + virtual.name();
            HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                    .jsonMapper(SdkConnectionFactory.jsonMapper()).mcpEndpoint(path).keepAliveInterval(KEEP_ALIVE)
                    .contextExtractor(bridge::context).build();
            Predicate<String> includes = virtual.includes();
            GatewayMcpServer exposed = new GatewayMcpServer(new ExposedServer(virtual.name(), includes, false), bridge, subscriptions,
                    "mcp-hybrid-server/" + virtual.name(), version, "This is the virtual server " + virtual.name() + ": a selection of them.");
            exposed.serve(new SessionTrackingTransport(transport));
            servers.add(exposed);
            register(context, "mcp-virtual-" + virtual.name(), transport, path);
            streamableTransports.put(path, transport);
        }
        // first of the MCP filters: a request with a foreign Origin or an unknown protocol version goes no further
        List<String> origins = config.getValues("gateway.mcp.allowed-origins", String.class);
        FilterRegistration.Dynamic headers = context.addFilter("mcp-headers", new McpHeadersFilter(origins));
        headers.setAsyncSupported(true);
        List<String> mcpPaths = new java.util.ArrayList<>(streamableTransports.keySet());
        mcpPaths.addAll(List.of("/mcp/sse", "/mcp/message"));
        headers.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, mcpPaths.toArray(String[]::new));
        FilterRegistration.Dynamic listening = context.addFilter("mcp-listening-stream", new ListeningStreamFilter());
        listening.setAsyncSupported(true);
        listening.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, streamableTransports.keySet().toArray(String[]::new));
        // after the listening-stream filter, so that a stream the session filter attaches gets its first line too
        streamableTransports.forEach((path, transport) -> {
            FilterRegistration.Dynamic sessionFilter = context.addFilter("mcp-sessions" + path.replace('/', '-'),
                    new McpSessionFilter(path, transport, sessions, principals, calls));
            sessionFilter.setAsyncSupported(true);
            sessionFilter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, path);
        });
        LOG.info("MCP endpoint: /mcp (Streamable HTTP), /mcp/sse (SSE)" + (servers.names().size() > 2
                ? "; virtual servers: " + String.join(", ", servers.names().subList(2, servers.names().size())) : ""));
    }

    private static void register(ServletContext context, String name, HttpServlet servlet, String... paths) {
        ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
        registration.setAsyncSupported(true);
        registration.addMapping(paths);
    }

    private static List<VirtualServer> virtualServers(Config config) {
        Path file = config.getOptionalValue("gateway.mcp.virtual-servers-file", String.class).map(Path::of).orElse(null);
        if (file == null || !Files.exists(file)) {
            return List.of();
        }
        try {
            return VirtualServersParser.parse(Files.readString(file));
        } catch (IOException | InvalidVirtualServersException e) {
            throw new IllegalStateException("Virtual servers in " + file + " cannot be used: " + e.getMessage(), e);
        }
    }
}
