package dev.mcphybrid.upstream;

import dev.mcphybrid.common.SafeYaml;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads virtual servers from YAML:
 * <pre>
 * virtualServers:
 *   - name: research
 *     description: what the research agents may use
 *     tools: ["everything.echo", "memory.*"]
 * </pre>
 */
public final class VirtualServersParser {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** Paths under /mcp that the gateway uses itself. */
    static final Set<String> RESERVED = Set.of("sse", "message");
    private static final Set<String> FIELDS = Set.of("name", "description", "tools");

    private VirtualServersParser() {
    }

    /** @throws InvalidVirtualServersException listing every problem  */
    public static List<VirtualServer> parse(String yaml) {
        Object document;
        try {
            document = SafeYaml.load(yaml);
        } catch (IllegalArgumentException e) {
            throw new InvalidVirtualServersException(List.of(e.getMessage()));
        }
        if (document == null) {
            return List.of();
        }
        if (!(document instanceof Map<?, ?> root) || !(root.get("virtualServers") instanceof List<?> entries)) {
            throw new InvalidVirtualServersException(List.of("expected a top-level 'virtualServers:' list"));
        }
        List<String> errors = new ArrayList<>();
        List<VirtualServer> servers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String path = "virtualServers[" + i + "]";
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                errors.add(path + ": must be an object with name and tools");
                continue;
            }
            entry.keySet().stream().map(String::valueOf).filter(k -> !FIELDS.contains(k))
                    .forEach(k -> errors.add(path + "." + k + ": unknown field (allowed: description, name, tools)"));
            String name = entry.get("name") instanceof String s ? s : null;
            if (name == null || !NAME.matcher(name).matches() || RESERVED.contains(name)) {
                errors.add(path + ".name: required, lower-case letters, digits and '-', not 'sse' or 'message'");
            } else if (!names.add(name)) {
                errors.add(path + ".name: duplicate '" + name + "'");
            }
            List<String> tools = entry.get("tools") instanceof List<?> list && !list.isEmpty()
                    && list.stream().allMatch(t -> t instanceof String s && !s.isBlank())
                    ? list.stream().map(String::valueOf).toList() : null;
            if (tools == null) {
                errors.add(path + ".tools: required, a non-empty list of tool id patterns such as \"memory.*\"");
            }
            if (name != null && tools != null) {
                servers.add(new VirtualServer(name, entry.get("description") == null ? null : String.valueOf(entry.get("description")), tools));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidVirtualServersException(errors);
        }
        return List.copyOf(servers);
    }
}
