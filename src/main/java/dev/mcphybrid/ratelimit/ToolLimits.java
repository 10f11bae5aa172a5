package dev.mcphybrid.ratelimit;

import dev.mcphybrid.common.Globs;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The limit of each tool id ({@code serverId.toolName}): the first override whose glob matches it, else the default.
 * An override is written {@code glob=rate/burst}, e.g. {@code search.*=5/10}; each matching tool still has a bucket
 * of its own.
 */
final class ToolLimits {

    private record ToolOverride(String glob, Pattern pattern, Limit limit) {

        @Override
        public String toString() {
            return glob + "=" + limit;
        }
    }

    private final Limit defaultLimit;
    private final List<ToolOverride> overrides;

    private ToolLimits(Limit defaultLimit, List<ToolOverride> overrides) {
        this.defaultLimit = defaultLimit;
        this.overrides = overrides;
    }

    /** @throws IllegalArgumentException naming the first entry that is not {@code glob=rate/burst} */
    static ToolLimits parse(Limit defaultLimit, List<String> overrides) {
        return new ToolLimits(defaultLimit, overrides.stream().map(String::trim).filter(entry -> !entry.isEmpty())
                .map(ToolLimits::override).toList());
    }

    Limit forTool(String toolId) {
        for (ToolOverride override : overrides) {
            if (override.pattern().matcher(toolId).matches()) {
                return override.limit();
            }
        }
        return defaultLimit;
    }

    private static ToolOverride override(String entry) {
        int equals = entry.indexOf('=');
        if (equals <= 0 || entry.substring(0, equals).isBlank()) {
            throw new IllegalArgumentException("\"" + entry + "\" is not <tool glob>=<rate>/<burst>, e.g. search.*=5/10");
        }
        String glob = entry.substring(0, equals).trim();
        return new ToolOverride(glob, Globs.compile(glob, false), Limit.parse(entry.substring(equals + 1)));
    }

    /** The default, then the overrides in brackets: {@code 50/100 (search.*=5/10)}. */
    @Override
    public String toString() {
        return overrides.isEmpty() ? defaultLimit.toString()
                : overrides.stream().map(ToolOverride::toString).collect(Collectors.joining(", ", defaultLimit + " (", ")"));
    }
}
