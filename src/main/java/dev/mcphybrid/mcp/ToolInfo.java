package dev.mcphybrid.mcp;

import jakarta.json.JsonObject;

/** A tool as the server lists it; schemas and annotations are kept verbatim as JSON. */
public record ToolInfo(String name, String title, String description, JsonObject inputSchema,
                       JsonObject outputSchema, JsonObject annotations) {
}
