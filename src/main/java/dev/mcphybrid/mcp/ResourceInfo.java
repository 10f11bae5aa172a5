package dev.mcphybrid.mcp;

/** A resource as the server lists it. */
public record ResourceInfo(String uri, String name, String title, String description, String mimeType) {
}
