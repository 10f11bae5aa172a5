package dev.mcphybrid.it;

import static dev.mcphybrid.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gateway connected to real npm MCP servers over stdio, SSE and Streamable HTTP. */
@GatewayTest(allServers = true)
class ServersIT {

    static final GatewayClient gateway = new GatewayClient();

    @Test
    void lists_every_catalogue_server_with_its_handshake() {
        JsonArray servers = gateway.get("/api/servers").array();
        Map<String, JsonObject> byId = servers.stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(s -> s.getString("id"), s -> s));
        assertThat(byId).containsOnlyKeys(GatewayFixture.CATALOGUE);
        assertThat(byId.get("everything").getString("transport")).isEqualTo("stdio");
        assertThat(byId.get("everything-sse").getString("transport")).isEqualTo("sse");
        assertThat(byId.get("everything-http").getString("transport")).isEqualTo("streamable-http");
        for (JsonObject server : byId.values()) {
            assertThat(server.getString("state")).isEqualTo("HEALTHY");
            assertThat(server.getString("protocolVersion")).matches("\\d{4}-\\d{2}-\\d{2}");
            assertThat(server.getJsonObject("serverCapabilities")).containsKey("tools");
            assertThat(server.getInt("toolCount")).isPositive();
        }
        assertThat(byId.get("memory").getString("serverName")).isEqualTo("memory-server");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"everything", "everything-sse", "everything-http"})
    void each_transport_reaches_server_everything_and_lists_its_tools_with_schemas(String serverId) {
        List<String> names = names(gateway.get("/api/servers/" + serverId + "/tools").array());
        assertThat(names).contains("echo", "get-sum", "get-tiny-image", "trigger-long-running-operation");

        JsonObject echo = gateway.get("/api/tools/" + serverId + ".echo").object();
        assertThat(echo.getString("id")).isEqualTo(serverId + ".echo");
        assertThat(echo.getString("serverId")).isEqualTo(serverId);
        JsonObject schema = echo.getJsonObject("inputSchema");
        assertThat(schema.getString("type")).isEqualTo("object");
        assertThat(schema.getJsonObject("properties").getJsonObject("message").getString("type")).isEqualTo("string");
        assertThat(schema.getJsonArray("required").getString(0)).isEqualTo("message");
        assertThat(echo.getJsonObject("annotations").getBoolean("readOnlyHint")).isTrue();
    }

    @Test
    void memory_and_filesystem_tools_appear_in_the_aggregated_catalogue() {
        JsonObject page = gateway.get("/api/tools?limit=500").object();
        List<String> ids = names(page.getJsonArray("items"), "id");
        assertThat(ids).contains("memory.create_entities", "memory.read_graph", "filesystem.read_text_file",
                "filesystem.list_directory", "everything.echo", "everything-sse.echo", "everything-http.echo");
        assertThat(page.getInt("total")).isEqualTo(ids.size());

        JsonObject createEntities = gateway.get("/api/tools/memory.create_entities").object();
        assertThat(createEntities.getJsonObject("inputSchema").getJsonObject("properties")).containsKey("entities");
    }

    @Test
    void tools_can_be_filtered_by_server_and_text_and_paged() {
        JsonObject memoryOnly = gateway.get("/api/tools?server=memory").object();
        assertThat(names(memoryOnly.getJsonArray("items"), "serverId")).containsOnly("memory");

        JsonObject echoes = gateway.get("/api/tools?q=ECHO").object();
        assertThat(names(echoes.getJsonArray("items"), "name")).containsOnly("echo");
        assertThat(names(echoes.getJsonArray("items"), "serverId")).contains("everything", "everything-sse", "everything-http", "victim");
        assertThat(echoes.getInt("total")).isEqualTo(echoes.getJsonArray("items").size());

        JsonObject firstTwo = gateway.get("/api/tools?limit=2").object();
        JsonObject nextTwo = gateway.get("/api/tools?limit=2&offset=2").object();
        assertThat(firstTwo.getJsonArray("items")).hasSize(2);
        assertThat(names(nextTwo.getJsonArray("items"), "id")).doesNotContainAnyElementsOf(names(firstTwo.getJsonArray("items"), "id"));
    }

    @Test
    void disconnect_and_connect_a_streamable_http_server() {
        JsonObject disconnected = gateway.delete("/api/servers/everything-http/disconnect").object();
        assertThat(disconnected.getString("state")).isEqualTo("DISCONNECTED");
        assertThat(gateway.get("/api/servers/everything-http/tools").array()).isEmpty();
        assertThat(gateway.get("/api/tools/everything-http.echo").status()).isEqualTo(404);

        JsonObject connected = gateway.post("/api/servers/everything-http/connect", null).object();
        assertThat(connected.getString("state")).isEqualTo("HEALTHY");
        assertThat(connected.getInt("toolCount")).isPositive();
        assertThat(gateway.get("/api/tools/everything-http.echo").status()).isEqualTo(200);
    }

    @Test
    void unknown_servers_and_tools_are_404_problems() {
        assertProblem(gateway.get("/api/servers/nope/status"), 404);
        assertProblem(gateway.get("/api/servers/nope/tools"), 404);
        assertProblem(gateway.post("/api/servers/nope/connect", null), 404);
        assertProblem(gateway.delete("/api/servers/nope/disconnect"), 404);
        assertProblem(gateway.get("/api/tools/everything.no-such-tool"), 404);
        assertProblem(gateway.get("/api/tools/no-dot-in-this-id"), 404);
    }

    private static List<String> names(JsonArray tools) {
        return names(tools, "name");
    }

    private static List<String> names(JsonArray items, String field) {
        return items.stream().map(JsonValue::asJsonObject).map(o -> o.getString(field)).toList();
    }
}
