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
    /** An instance (the request path) longer than this is left out rather than echoed back. */
    public static final int MAX_INSTANCE_CHARS = 2048;
    /** How much of a caller's value (an id from the path, say) a detail quotes. */
    static final int MAX_QUOTED_CHARS = 200;
    private static final String TYPE_BASE = "https://mcp-hybrid-server.dev/problems/";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, null);
    }

    public Problem withInstance(String instance) {
        return new Problem(type, title, status, detail, instance == null || instance.length() > MAX_INSTANCE_CHARS ? null : instance,
                extensions);
    }

    /** A caller's value to quote in a detail: at most {@value #MAX_QUOTED_CHARS} characters, with how many more. */
    public static String quote(String value) {
        if (value == null || value.length() <= MAX_QUOTED_CHARS) {
            return value;
        }
        return value.substring(0, MAX_QUOTED_CHARS) + "... (" + (value.length() - MAX_QUOTED_CHARS) + " more characters)";
    }

    public Problem withExtensions(Map<String, Object> extensions) {
        return new Problem(type, title, status, detail, instance, extensions);
    }
}
