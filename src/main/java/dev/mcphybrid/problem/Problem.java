package dev.mcphybrid.problem;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.Map;

/**
 * An RFC 9457 problem document. {@code extensions} carries problem-specific members (e.g. a list of violations);
 * JSON-B writes it as a nested object so clients can read it without knowing every problem type up front.
 */
@JsonbPropertyOrder({"type", "title", "status", "detail", "instance", "extensions"})
public record Problem(String type, String title, int status, String detail, String instance,
                      Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://mcp-hybrid-server.dev/problems/";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, null);
    }

    public Problem withInstance(String instance) {
        return new Problem(type, title, status, detail, instance, extensions);
    }

    public Problem withExtensions(Map<String, Object> extensions) {
        return new Problem(type, title, status, detail, instance, extensions);
    }
}
