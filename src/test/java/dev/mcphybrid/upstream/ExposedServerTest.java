package dev.mcphybrid.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.mcp.PromptInfo;
import dev.mcphybrid.mcp.ResourceInfo;
import dev.mcphybrid.mcp.ResourceTemplateInfo;
import dev.mcphybrid.mcp.ToolInfo;
import dev.mcphybrid.registry.BenchServers;
import dev.mcphybrid.registry.ManagedServer;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExposedServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final List<String> announced = new ArrayList<>();

    @Test
    void a_listed_tool_carries_what_the_server_sent_and_an_object_schema_where_it_sent_none() {
        ExposedServer exposed = exposed(true);
        exposed.sync(List.of(server("s1", new ListingServer(List.of(new ToolInfo("t", null, null, null, null, null),
                new ToolInfo("u", "U", "does u", null, Json.createObjectBuilder().add("type", "object").build(),
                        Json.createObjectBuilder().add("readOnlyHint", true).build()))))), List.of());

        McpSchema.Tool bare = exposed.listing().tools().get("s1__t").tool();
        assertThat(bare.name()).isEqualTo("s1__t");
        assertThat(bare.inputSchema()).containsEntry("type", "object");
        assertThat(bare.title()).isNull();
        assertThat(bare.description()).isNull();
        McpSchema.Tool full = exposed.listing().tools().get("s1__u").tool();
        assertThat(full.title()).isEqualTo("U");
        assertThat(full.description()).isEqualTo("does u");
        assertThat(full.outputSchema()).containsEntry("type", "object");
        assertThat(full.annotations().readOnlyHint()).isTrue();
        assertThat(exposed.listing().tools().get("s1__t").toolId().id()).isEqualTo("s1.t");
    }

    @Test
    void a_change_of_many_tools_is_announced_once_and_no_change_not_at_all() {
        ExposedServer exposed = exposed(true);
        ListingServer lists = new ListingServer(List.of(tool("a"), tool("b"), tool("c")));
        ManagedServer server = server("s1", lists);

        exposed.sync(List.of(server), List.of());
        assertThat(announced).containsExactly(McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED);

        announced.clear();
        exposed.sync(List.of(server), List.of());
        assertThat(announced).isEmpty();

        announced.clear();
        exposed.sync(List.of(), List.of());
        assertThat(announced).containsExactly(McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED);
        assertThat(exposed.listing().tools()).isEmpty();
    }

    @Test
    void an_unchanged_tool_keeps_its_listing_and_a_changed_one_is_made_anew() {
        ExposedServer exposed = exposed(true);
        exposed.sync(List.of(server("s1", new ListingServer(List.of(tool("a"), tool("b"))))), List.of());
        McpSchema.Tool a = exposed.listing().tools().get("s1__a").tool();

        exposed.sync(List.of(server("s1", new ListingServer(List.of(tool("a"), new ToolInfo("b", null, "now different", null, null, null))))), List.of());

        assertThat(exposed.listing().tools().get("s1__a").tool()).isSameAs(a);
        assertThat(exposed.listing().tools().get("s1__b").tool().description()).isEqualTo("now different");
    }

    @Test
    void resources_templates_and_prompts_are_listed_under_the_gateways_names_and_announced_per_kind() {
        ExposedServer exposed = exposed(true);
        ListingServer lists = new ListingServer(List.of(tool("a")));
        lists.resources = List.of(new ResourceInfo("demo://resource/static/1", "one", null, null, "text/plain"));
        lists.templates = List.of(new ResourceTemplateInfo("demo://resource/dynamic/text/{id}", "dynamic", null, "by id", "text/plain"));
        lists.prompts = List.of(new PromptInfo("simple", null, "a prompt", null));

        exposed.sync(List.of(server("everything", lists)), List.of());

        assertThat(announced).containsExactlyInAnyOrder(McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED,
                McpSchema.METHOD_NOTIFICATION_RESOURCES_LIST_CHANGED, McpSchema.METHOD_NOTIFICATION_PROMPTS_LIST_CHANGED);
        assertThat(exposed.listing().resources()).containsOnlyKeys("mcp-hybrid://everything/demo%3A%2F%2Fresource%2Fstatic%2F1");
        String template = "mcp-hybrid://everything/demo%3A%2F%2Fresource%2Fdynamic%2Ftext%2F{id}";
        assertThat(exposed.listing().templates()).containsOnlyKeys(template);
        assertThat(exposed.listing().templates().get(template).feature().description()).isEqualTo("[everything] by id");
        assertThat(exposed.listing().templates().get(template).downstream()).isEqualTo("demo://resource/dynamic/text/{id}");
        assertThat(exposed.listing().prompts().get("everything__simple").downstream()).isEqualTo("simple");

        announced.clear();
        lists.templates = List.of();
        exposed.sync(List.of(server("everything", lists)), List.of());
        assertThat(announced).containsExactly(McpSchema.METHOD_NOTIFICATION_RESOURCES_LIST_CHANGED);
    }

    @Test
    void a_virtual_server_lists_only_its_tools_and_no_resources() {
        ExposedServer exposed = new ExposedServer("ops", toolId -> toolId.startsWith("s1.a"), false);
        ListingServer lists = new ListingServer(List.of(tool("a"), tool("b")));
        lists.resources = List.of(new ResourceInfo("demo://r", "r", null, null, null));

        exposed.sync(List.of(server("s1", lists), server("s2", new ListingServer(List.of(tool("a"))))), List.of());

        assertThat(exposed.listing().tools()).containsOnlyKeys("s1__a");
        assertThat(exposed.listing().resources()).isEmpty();
        assertThat(exposed.offersServer("s1")).isTrue();
        assertThat(exposed.offersServer("s2")).isFalse();
    }

    @Test
    void a_uri_made_from_an_exposed_template_names_the_server_and_the_uri_there() {
        String template = ExposedNames.resourceTemplate("everything", "demo://resource/dynamic/text/{id}");
        String expanded = template.replace("{id}", "42");

        assertThat(ExposedNames.resourceOf(expanded)).isEqualTo(new ExposedNames.ResourceName("everything", "demo://resource/dynamic/text/42"));
        assertThat(ExposedNames.resourceOf(ExposedNames.resource("s1", "file:///a b/c?x=1&y=%")))
                .isEqualTo(new ExposedNames.ResourceName("s1", "file:///a b/c?x=1&y=%"));
        assertThat(ExposedNames.resourceOf("demo://elsewhere")).isNull();
        assertThat(ExposedNames.resourceOf("mcp-hybrid://s1/")).isNull();
        assertThat(ExposedNames.resourceOf("mcp-hybrid://s1/%zz")).isNull();
    }

    private ExposedServer exposed(boolean withResources) {
        ExposedServer exposed = new ExposedServer("mcp", toolId -> true, withResources);
        exposed.onListChanged(announced::add);
        return exposed;
    }

    private static ManagedServer server(String id, ListingServer lists) {
        return BenchServers.connected(id, () -> lists, TIMEOUT, null);
    }

    private static ToolInfo tool(String name) {
        return new ToolInfo(name, null, "tool " + name, Json.createObjectBuilder().add("type", "object").build(), null, null);
    }
}
