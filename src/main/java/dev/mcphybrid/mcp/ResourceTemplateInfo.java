package dev.mcphybrid.mcp;

/** A resource template (RFC 6570 URI template) as the server lists it. */
public record ResourceTemplateInfo(String uriTemplate, String name, String title, String description, String mimeType) {
}
