package dev.mcphybrid.tools;

import dev.mcphybrid.mcp.ToolInfo;
import jakarta.json.JsonObject;

/** A tool in the aggregated catalogue; {@code id} is {@code serverId.toolName}. */
public record ToolView(String id, String serverId, String name, String title, String description,
                       JsonObject inputSchema, JsonObject outputSchema, JsonObject annotations) {

    public static String idOf(String serverId, String toolName) {
        return serverId + "." + toolName;
    }

    static ToolView of(String serverId, ToolInfo tool) {
        return new ToolView(idOf(serverId, tool.name()), serverId, tool.name(), tool.title(), tool.description(),
                tool.inputSchema(), tool.outputSchema(), tool.annotations());
    }
}
