package dev.mcphybrid.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.mcp.ToolInfo;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

class FeatureJsonTest {

    @Test
    void absent_optional_fields_are_left_out_and_the_others_keep_their_order() {
        String json = new FeatureJson().add("name", "s1__t")
                .addIfPresent("title", (String) null)
                .addIfPresent("description", "d")
                .addIfPresent("annotations", (JsonValue) null)
                .addIfPresent("arguments", JsonValue.EMPTY_JSON_ARRAY)
                .json();
        assertThat(json).isEqualTo("{\"name\":\"s1__t\",\"description\":\"d\",\"arguments\":[]}");
    }

    @Test
    void a_listed_tool_carries_what_the_server_sent_and_an_object_schema_where_it_sent_none() {
        UpstreamBridge bridge = new UpstreamBridge();
        McpSchema.Tool bare = bridge.tool("s1.t", "s1__t", new ToolInfo("t", null, null, null, null, null)).tool();
        assertThat(bare.name()).isEqualTo("s1__t");
        assertThat(bare.inputSchema()).containsEntry("type", "object");
        assertThat(bare.title()).isNull();
        assertThat(bare.description()).isNull();
        assertThat(bare.annotations()).isNull();

        McpSchema.Tool full = bridge.tool("s1.t", "s1__t", new ToolInfo("t", "T", "does t", null,
                Json.createObjectBuilder().add("type", "object").build(),
                Json.createObjectBuilder().add("readOnlyHint", true).build())).tool();
        assertThat(full.title()).isEqualTo("T");
        assertThat(full.description()).isEqualTo("does t");
        assertThat(full.outputSchema()).containsEntry("type", "object");
        assertThat(full.annotations().readOnlyHint()).isTrue();
    }
}
