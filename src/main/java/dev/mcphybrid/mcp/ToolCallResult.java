package dev.mcphybrid.mcp;

import jakarta.json.JsonObject;

/**
 * What {@code tools/call} returned, verbatim as JSON ({@code content}, {@code structuredContent}, {@code isError},
 * {@code _meta}); {@code isError} is the tool reporting failure, not a protocol error.
 */
public record ToolCallResult(JsonObject result, boolean isError) {
}
