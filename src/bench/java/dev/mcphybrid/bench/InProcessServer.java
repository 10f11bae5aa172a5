package dev.mcphybrid.bench;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;

/** An MCP server built with the SDK's server side, with a given number of tools, reached in memory. */
public final class InProcessServer {

    private final InMemoryMcpTransport transport;
    private final McpSyncServer server;

    private InProcessServer(InMemoryMcpTransport transport, McpSyncServer server) {
        this.transport = transport;
        this.server = server;
    }

    public static InProcessServer withTools(String name, int toolCount, McpJsonMapper mapper) {
        return withTools(name, toolCount, mapper, new ArrayList<>());
    }

    /** A server with one fast echo tool (not read-only, so the gateway never answers it from its cache). */
    public static InProcessServer echo(String name, McpJsonMapper mapper) {
        List<McpServerFeatures.SyncToolSpecification> tools = new ArrayList<>();
        tools.add(McpServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder("echo").description("Echoes the message")
                        .inputSchema(mapper, "{\"type\":\"object\",\"properties\":{\"message\":{\"type\":\"string\"}},\"required\":[\"message\"]}")
                        .annotations(new McpSchema.ToolAnnotations(null, false, false, true, false, null))
                        .build())
                .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                        .addTextContent("Echo: " + request.arguments().get("message")).build())
                .build());
        return withTools(name, 0, mapper, tools);
    }

    private static InProcessServer withTools(String name, int toolCount, McpJsonMapper mapper,
                                             List<McpServerFeatures.SyncToolSpecification> tools) {
        InMemoryMcpTransport transport = new InMemoryMcpTransport(mapper);
        for (int i = 0; i < toolCount; i++) {
            String toolName = (i % 2 == 0 ? "get_" : "set_") + "item_" + i;
            tools.add(McpServerFeatures.SyncToolSpecification.builder()
                    .tool(McpSchema.Tool.builder(toolName)
                            .description("Tool " + i + " of " + name)
                            .inputSchema(mapper, """
                                    {"type":"object","properties":{"key":{"type":"string","description":"item key"},
                                     "limit":{"type":"integer","minimum":1}},"required":["key"]}""")
                            .annotations(new McpSchema.ToolAnnotations(null, i % 2 == 0, false, true, false, null))
                            .build())
                    .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                            .addTextContent("ok " + request.arguments().get("key")).build())
                    .build());
        }
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo(name, "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tools)
                .build();
        return new InProcessServer(transport, server);
    }

    public InMemoryMcpTransport transport() {
        return transport;
    }

    public void close() {
        server.close();
    }
}
