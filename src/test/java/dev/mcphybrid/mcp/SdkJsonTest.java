package dev.mcphybrid.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class SdkJsonTest {

    private final SdkJson json = new SdkJson(SdkConnectionFactory.jsonMapper());

    @Test
    void a_tool_keeps_its_schema_and_annotations_verbatim() {
        McpSchema.Tool tool = McpSchema.Tool.builder("get-sum")
                .title("Sum")
                .description("Adds")
                .inputSchema(SdkConnectionFactory.jsonMapper(), """
                        {"type":"object","properties":{"a":{"type":"number","minimum":-1.5},"b":{"type":"integer","maximum":9007199254740993},
                         "tags":{"type":"array","items":{"type":"string"}}},"required":["a","b"],"additionalProperties":false}""")
                .annotations(new McpSchema.ToolAnnotations("Sum", true, false, true, false, null))
                .build();

        ToolInfo info = json.tool(tool);

        assertThat(info.name()).isEqualTo("get-sum");
        assertThat(info.title()).isEqualTo("Sum");
        JsonObject schema = info.inputSchema();
        assertThat(schema.getString("type")).isEqualTo("object");
        assertThat(schema.getJsonObject("properties").getJsonObject("a").getJsonNumber("minimum").doubleValue()).isEqualTo(-1.5);
        assertThat(schema.getJsonObject("properties").getJsonObject("b").getJsonNumber("maximum").bigIntegerValue())
                .hasToString("9007199254740993");
        assertThat(schema.getJsonObject("properties").getJsonObject("tags").getJsonObject("items").getString("type")).isEqualTo("string");
        assertThat(schema.getJsonArray("required").getValuesAs(jakarta.json.JsonString.class)).extracting(jakarta.json.JsonString::getString)
                .containsExactly("a", "b");
        assertThat(schema.get("additionalProperties")).isEqualTo(JsonValue.FALSE);
        assertThat(info.annotations().getBoolean("readOnlyHint")).isTrue();
        assertThat(info.annotations().getBoolean("destructiveHint")).isFalse();
        assertThat(info.outputSchema()).isNull();
    }

    @Test
    void arrays_and_absent_values_convert() {
        assertThat(json.toArray(List.of(new McpSchema.PromptArgument("city", "City", true)))).hasSize(1);
        assertThat(json.toObject(null)).isNull();
        assertThat(json.toArray(null)).isNull();
    }
}
