package dev.mcphybrid.tools;

import dev.mcphybrid.registry.ManagedServer;
import dev.mcphybrid.registry.ServerRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The tools of every connected server as one list, built from the registry's current snapshots. */
@ApplicationScoped
public class ToolCatalogue {

    @Inject
    ServerRegistry registry;

    public List<ToolView> search(String serverId, String category, String text) {
        String needle = text == null || text.isBlank() ? null : text.toLowerCase(Locale.ROOT);
        String wantedCategory = category == null || category.isBlank() ? null : category.toLowerCase(Locale.ROOT);
        return aggregate(registry.all().stream().filter(server -> serverId == null || server.id().equals(serverId)).toList())
                .stream()
                .filter(tool -> wantedCategory == null || tool.categories().contains(wantedCategory))
                .filter(tool -> needle == null || matches(tool, needle))
                .toList();
    }

    /** The tools of the given servers as one list sorted by id, with their categories. */
    public static List<ToolView> aggregate(java.util.Collection<ManagedServer> servers) {
        return servers.stream().flatMap(ToolCatalogue::toolsOf).sorted(Comparator.comparing(ToolView::id)).toList();
    }

    public List<ToolView> ofServer(ManagedServer server) {
        return toolsOf(server).sorted(Comparator.comparing(ToolView::name)).toList();
    }

    /** Looks up {@code serverId.toolName}; server ids contain no dots, so the first dot splits the id. */
    public Optional<ToolView> find(String toolId) {
        int dot = toolId == null ? -1 : toolId.indexOf('.');
        if (dot <= 0 || dot == toolId.length() - 1) {
            return Optional.empty();
        }
        String toolName = toolId.substring(dot + 1);
        return registry.find(toolId.substring(0, dot))
                .flatMap(server -> toolsOf(server).filter(tool -> tool.name().equals(toolName)).findFirst());
    }

    /** Every category with its kind and number of tools, sorted by name. */
    public List<CategoryCount> categories() {
        Map<ToolCategories.Category, Integer> counts = new TreeMap<>(
                Comparator.comparing(ToolCategories.Category::name).thenComparing(ToolCategories.Category::kind));
        for (ManagedServer server : registry.all()) {
            ToolCategories.ofServer(server.definition(), server.tools()).values()
                    .forEach(categories -> categories.forEach(c -> counts.merge(c, 1, Integer::sum)));
        }
        return counts.entrySet().stream()
                .map(e -> new CategoryCount(e.getKey().name(), e.getKey().kind().name().toLowerCase(Locale.ROOT), e.getValue()))
                .toList();
    }

    private static Stream<ToolView> toolsOf(ManagedServer server) {
        var tools = server.tools();
        Map<String, List<ToolCategories.Category>> categories = ToolCategories.ofServer(server.definition(), tools);
        return tools.stream().map(tool -> ToolView.of(server.id(), tool,
                categories.get(tool.name()).stream().map(ToolCategories.Category::name).distinct().toList()));
    }

    private static boolean matches(ToolView tool, String needle) {
        return tool.id().toLowerCase(Locale.ROOT).contains(needle)
                || (tool.title() != null && tool.title().toLowerCase(Locale.ROOT).contains(needle))
                || (tool.description() != null && tool.description().toLowerCase(Locale.ROOT).contains(needle));
    }
}
