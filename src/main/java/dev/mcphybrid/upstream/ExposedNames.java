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
    /** The prefix of workflows offered as tools ({@code workflow__<id>}); no downstream server may be called so. */
    public static final String WORKFLOW = "workflow";
    static final String RESOURCE_SCHEME = "mcp-hybrid://";

    private ExposedNames() {
    }

    public static String tool(String serverId, String toolName) {
        return serverId + SEPARATOR + toolName;
    }

    /** The tool id ({@code serverId.toolName}) an exposed tool name stands for, or null when it names no server. */
    public static String toolId(String exposedName) {
        int separator = exposedName == null ? -1 : exposedName.indexOf(SEPARATOR);
        return separator > 0 && separator + SEPARATOR.length() < exposedName.length()
                ? exposedName.substring(0, separator) + "." + exposedName.substring(separator + SEPARATOR.length()) : null;
    }

    public static String workflow(String workflowId) {
        return WORKFLOW + SEPARATOR + workflowId;
    }

    public static String prompt(String serverId, String promptName) {
        return serverId + SEPARATOR + promptName;
    }

    public static String resource(String serverId, String uri) {
        return RESOURCE_SCHEME + serverId + "/" + URLEncoder.encode(uri, StandardCharsets.UTF_8);
    }
}
