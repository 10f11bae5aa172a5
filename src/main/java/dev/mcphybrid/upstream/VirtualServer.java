package dev.mcphybrid.upstream;

import dev.mcphybrid.common.Globs;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** A named subset of the gateway's tools, offered as its own MCP server at {@code /mcp/{name}}. */
public record VirtualServer(String name, String description, List<String> tools) {

    Predicate<String> includes() {
        List<Pattern> patterns = tools.stream().map(glob -> Globs.compile(glob, false)).toList();
        return toolId -> patterns.stream().anyMatch(p -> p.matcher(toolId).matches());
    }
}
