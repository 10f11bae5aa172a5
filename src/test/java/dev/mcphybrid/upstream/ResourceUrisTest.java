package dev.mcphybrid.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ResourceUrisTest {

    @Test
    void the_contents_of_a_read_name_the_gateways_uri() {
        JsonObject read = json("{\"contents\":[{\"uri\":\"demo://resource/static/1\",\"text\":\"x\"},{\"blob\":\"AA==\"}]}");

        JsonObject rewritten = ResourceUris.inReadResult("everything", read);

        assertThat(rewritten.getJsonArray("contents").getJsonObject(0).getString("uri"))
                .isEqualTo("mcp-hybrid://everything/demo%3A%2F%2Fresource%2Fstatic%2F1");
        assertThat(rewritten.getJsonArray("contents").getJsonObject(0).getString("text")).isEqualTo("x");
        assertThat(rewritten.getJsonArray("contents").getJsonObject(1)).isEqualTo(read.getJsonArray("contents").getJsonObject(1));
    }

    @Test
    void embedded_resources_and_links_in_a_tool_result_name_the_gateways_uri_and_the_rest_is_untouched() {
        JsonObject result = json("{\"content\":[{\"type\":\"text\",\"text\":\"see demo://a\"},"
                + "{\"type\":\"resource\",\"resource\":{\"uri\":\"demo://a\",\"text\":\"A\"}},"
                + "{\"type\":\"resource_link\",\"uri\":\"demo://b\",\"name\":\"b\"}],\"isError\":false,\"structuredContent\":{\"uri\":\"demo://c\"}}");

        JsonObject rewritten = ResourceUris.inToolResult("s1", result);

        assertThat(rewritten.getJsonArray("content").getJsonObject(0)).isEqualTo(result.getJsonArray("content").getJsonObject(0));
        assertThat(rewritten.getJsonArray("content").getJsonObject(1).getJsonObject("resource").getString("uri")).isEqualTo("mcp-hybrid://s1/demo%3A%2F%2Fa");
        assertThat(rewritten.getJsonArray("content").getJsonObject(2).getString("uri")).isEqualTo("mcp-hybrid://s1/demo%3A%2F%2Fb");
        assertThat(rewritten.getJsonObject("structuredContent")).isEqualTo(result.getJsonObject("structuredContent"));
        assertThat(rewritten.getBoolean("isError")).isFalse();
    }

    @Test
    void a_prompt_message_embedding_a_resource_names_the_gateways_uri() {
        JsonObject prompt = json("{\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"resource\",\"resource\":{\"uri\":\"demo://a\",\"text\":\"A\"}}},"
                + "{\"role\":\"user\",\"content\":{\"type\":\"text\",\"text\":\"hi\"}}]}");

        JsonObject rewritten = ResourceUris.inPromptResult("s1", prompt);

        assertThat(rewritten.getJsonArray("messages").getJsonObject(0).getJsonObject("content").getJsonObject("resource").getString("uri"))
                .isEqualTo("mcp-hybrid://s1/demo%3A%2F%2Fa");
        assertThat(rewritten.getJsonArray("messages").getJsonObject(1)).isEqualTo(prompt.getJsonArray("messages").getJsonObject(1));
    }

    @Test
    void a_uri_that_already_is_the_gateways_is_left_as_it_is() {
        JsonObject read = json("{\"contents\":[{\"uri\":\"mcp-hybrid://s1/x\"}]}");
        assertThat(ResourceUris.inReadResult("s1", read)).isEqualTo(read);
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
