package dev.mcphybrid.registry;

import dev.mcphybrid.common.SafeYaml;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Reads {@code config/mcp-servers.yml}: a top-level {@code servers} list of entries (see README.md). */
public final class CatalogueParser {

    private final ServerDefinitionReader reader;

    public CatalogueParser(Function<String, String> environment) {
        this.reader = new ServerDefinitionReader(environment);
    }

    /** @throws CatalogueException listing every problem when the catalogue cannot be used as a whole */
    public List<ServerDefinition> parse(String yaml, String source) {
        Object document;
        try {
            document = SafeYaml.load(yaml);
        } catch (IllegalArgumentException e) {
            throw new CatalogueException(source, List.of(e.getMessage()));
        }
        if (document == null) {
            return List.of();
        }
        if (!(document instanceof Map<?, ?> root) || !(root.get("servers") == null || root.get("servers") instanceof List)) {
            throw new CatalogueException(source, List.of("expected a top-level 'servers:' list"));
        }
        List<String> errors = new ArrayList<>();
        root.keySet().stream().map(String::valueOf).filter(k -> !k.equals("servers"))
                .forEach(k -> errors.add(k + ": unknown top-level field (allowed: servers)"));
        List<?> entries = root.get("servers") == null ? List.of() : (List<?>) root.get("servers");
        List<ServerDefinition> servers = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            ServerDefinition definition = reader.read(entries.get(i), "servers[" + i + "]", ServerDefinition.Origin.CATALOGUE, errors);
            if (definition != null && !ids.add(definition.id())) {
                errors.add("servers[" + i + "].id: duplicate id '" + definition.id() + "'");
            } else if (definition != null) {
                servers.add(definition);
            }
        }
        if (!errors.isEmpty()) {
            throw new CatalogueException(source, errors);
        }
        return List.copyOf(servers);
    }
}
