package dev.mcphybrid.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.mcp.ToolInfo;
import dev.mcphybrid.registry.ServerDefinition;
import dev.mcphybrid.mcp.Transport;
import jakarta.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolCategoriesTest {

    private final ServerDefinition server = new ServerDefinition("s", "S", Transport.SSE, "http://h/sse", null, null, null,
            null, null, null, null, List.of("Reference", "demo"), true, ServerDefinition.Origin.CATALOGUE);

    @Test
    void categories_come_from_server_tags_annotations_and_shared_name_prefixes() {
        ToolInfo getSum = tool("get-sum", Json.createObjectBuilder().add("readOnlyHint", true).add("openWorldHint", false).build());
        ToolInfo getEnv = tool("get-env", null);
        ToolInfo echo = tool("echo", Json.createObjectBuilder().add("destructiveHint", true).add("idempotentHint", true).build());
        ToolInfo readFile = tool("read_file", null);

        Map<String, List<ToolCategories.Category>> categories = ToolCategories.ofServer(server, List.of(getSum, getEnv, echo, readFile));

        assertThat(names(categories.get("get-sum"))).containsExactly("reference", "demo", "read-only", "get");
        assertThat(names(categories.get("get-env"))).containsExactly("reference", "demo", "get");
        assertThat(names(categories.get("echo"))).containsExactly("reference", "demo", "destructive", "idempotent");
        assertThat(names(categories.get("read_file"))).as("a prefix of one tool is no category").containsExactly("reference", "demo");
        assertThat(categories.get("get-sum")).contains(new ToolCategories.Category("get", ToolCategories.Kind.PREFIX),
                new ToolCategories.Category("reference", ToolCategories.Kind.TAG),
                new ToolCategories.Category("read-only", ToolCategories.Kind.HINT));
    }

    @Test
    void prefix_is_the_word_before_the_first_separator() {
        assertThat(ToolCategories.prefix("create_entities")).isEqualTo("create");
        assertThat(ToolCategories.prefix("Get-Tiny-Image")).isEqualTo("get");
        assertThat(ToolCategories.prefix("echo")).isNull();
        assertThat(ToolCategories.prefix("_private")).isNull();
    }

    private static List<String> names(List<ToolCategories.Category> categories) {
        return categories.stream().map(ToolCategories.Category::name).toList();
    }

    private static ToolInfo tool(String name, jakarta.json.JsonObject annotations) {
        return new ToolInfo(name, null, null, Json.createObjectBuilder().add("type", "object").build(), null, annotations);
    }
}
