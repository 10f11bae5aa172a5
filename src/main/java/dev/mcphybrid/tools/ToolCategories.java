package dev.mcphybrid.tools;

import dev.mcphybrid.mcp.ToolInfo;
import dev.mcphybrid.registry.ServerDefinition;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Derives a tool's categories; a tool can have several, each of one kind:
 * <ul>
 * <li>{@code tag}: every tag of its server in the catalogue (e.g. {@code memory}),</li>
 * <li>{@code hint}: its MCP annotations: {@code read-only}, {@code destructive}, {@code idempotent}, {@code open-world},</li>
 * <li>{@code prefix}: the word before the first {@code _} or {@code -} of its name, when at least two tools of the
 * same server share it (e.g. {@code get} for get-sum and get-env, {@code read} for read_text_file and read_graph).</li>
 * </ul>
 */
final class ToolCategories {

    enum Kind { TAG, HINT, PREFIX }

    record Category(String name, Kind kind) {
    }

    private static final Map<String, String> HINTS = Map.of(
            "readOnlyHint", "read-only",
            "destructiveHint", "destructive",
            "idempotentHint", "idempotent",
            "openWorldHint", "open-world");

    private ToolCategories() {
    }

    /** The categories of every tool of one server, in a stable order. */
    static Map<String, List<Category>> ofServer(ServerDefinition server, List<ToolInfo> tools) {
        Map<String, Long> prefixCounts = tools.stream().map(t -> prefix(t.name())).filter(p -> p != null)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        return tools.stream().collect(Collectors.toMap(ToolInfo::name, tool -> {
            Set<Category> categories = new LinkedHashSet<>();
            server.tags().forEach(tag -> categories.add(new Category(tag.toLowerCase(Locale.ROOT), Kind.TAG)));
            hints(tool.annotations()).forEach(hint -> categories.add(new Category(hint, Kind.HINT)));
            String prefix = prefix(tool.name());
            if (prefix != null && prefixCounts.get(prefix) > 1) {
                categories.add(new Category(prefix, Kind.PREFIX));
            }
            return List.copyOf(categories);
        }, (a, b) -> a));
    }

    private static List<String> hints(JsonObject annotations) {
        List<String> hints = new ArrayList<>();
        if (annotations != null) {
            HINTS.forEach((key, name) -> {
                if (annotations.get(key) == JsonValue.TRUE) {
                    hints.add(name);
                }
            });
        }
        hints.sort(null);
        return hints;
    }

    static String prefix(String toolName) {
        int cut = -1;
        for (int i = 0; i < toolName.length(); i++) {
            char c = toolName.charAt(i);
            if (c == '_' || c == '-') {
                cut = i;
                break;
            }
        }
        return cut > 0 ? toolName.substring(0, cut).toLowerCase(Locale.ROOT) : null;
    }
}
