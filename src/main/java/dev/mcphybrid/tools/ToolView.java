package dev.mcphybrid.tools;

import dev.mcphybrid.mcp.ToolInfo;
import jakarta.json.JsonObject;
import java.util.List;

/** A tool in the aggregated catalogue; {@code id} is {@code serverId.toolName}. */
public record ToolView(String id, String serverId, String name, String title, String description,
                       List<String> categories, JsonObject inputSchema, JsonObject outputSchema, JsonObject annotations) {

    public static String idOf(String serverId, String toolName) {
        return serverId + "." + toolName;
    }

    static ToolView of(String serverId, ToolInfo tool, List<String> categories) {
        return new ToolView(idOf(serverId, tool.name()), serverId, tool.name(), tool.title(), tool.description(),
                categories, tool.inputSchema(), tool.outputSchema(), tool.annotations());
    }
}
