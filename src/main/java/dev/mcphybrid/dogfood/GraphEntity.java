package dev.mcphybrid.dogfood;

/** A node of the knowledge graph the gateway keeps in the memory server: one per MCP server, one for the gateway. */
public record GraphEntity(String name, String type) {

    public static final GraphEntity GATEWAY = new GraphEntity("mcp-hybrid-server", "gateway");

    public static GraphEntity server(String serverId) {
        return new GraphEntity("mcp-server:" + serverId, "mcp_server");
    }
}
