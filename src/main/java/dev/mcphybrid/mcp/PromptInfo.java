package dev.mcphybrid.mcp;

import jakarta.json.JsonArray;

/** A prompt as the server lists it, with its arguments verbatim. */
public record PromptInfo(String name, String title, String description, JsonArray arguments) {
}
