package dev.mcphybrid.upstream;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How the gateway names downstream tools, prompts and resources towards its own MCP clients, so that names from
 * different servers never collide: {@code serverId__name} for tools and prompts, {@code mcp-hybrid://serverId/<uri>}
 * for resources. The names are stable: they depend on nothing but the server id and the downstream name.
 */
public final class ExposedNames {

    public static final String SEPARATOR = "__";
    static final String RESOURCE_SCHEME = "mcp-hybrid://";

    private ExposedNames() {
    }

    public static String tool(String serverId, String toolName) {
        return serverId + SEPARATOR + toolName;
    }

    public static String prompt(String serverId, String promptName) {
        return serverId + SEPARATOR + promptName;
    }

    public static String resource(String serverId, String uri) {
        return RESOURCE_SCHEME + serverId + "/" + URLEncoder.encode(uri, StandardCharsets.UTF_8);
    }
}
