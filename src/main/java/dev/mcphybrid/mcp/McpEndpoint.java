package dev.mcphybrid.mcp;

import java.util.List;
import java.util.Map;

/**
 * Where and how to reach one MCP server: what the connection factory needs of a server's definition, and nothing
 * of the registry's. A stdio server has a command line, a URL server a URL and perhaps an auth header; requests to
 * a target that {@code checkTargets} are checked (and pinned) by {@link TargetCheck} first.
 */
public record McpEndpoint(String serverId, Transport transport, String url, String command, List<String> args,
                          Map<String, String> env, String workingDir, Map.Entry<String, String> authHeader,
                          boolean checkTargets) {

    public McpEndpoint {
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** Never prints env values or credentials. */
    @Override
    public String toString() {
        return "McpEndpoint[" + serverId + " " + transport.wireName() + " " + (transport.isUrlBased() ? url : command) + "]";
    }
}
