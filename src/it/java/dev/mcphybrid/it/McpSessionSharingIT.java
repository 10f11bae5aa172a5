package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One session of the gateway's own MCP endpoint served by two cluster members (gateway.url and gateway3.url, on the
 * same Redis and PostgreSQL), as behind a load balancer without session affinity: the official TypeScript client
 * initializes through one and sends its later requests alternately to the other and the first
 * (src/it/scripts/mcp-session-sharing.mjs). The session belongs to the principal that initialized it, on every
 * member, and a DELETE through one member ends it on both.
 */
class McpSessionSharingIT {

    private static final String URL_1 = GatewayClient.url() + "/mcp";
    private static final String URL_3 = System.getProperty("gateway3.url", "http://localhost:9182") + "/mcp";
    private static List<JsonObject> out;
    private static String marker;

    @BeforeAll
    static void oneSessionOverTwoMembers() {
        GatewayFixture.awaitAllHealthy(new GatewayClient());
        GatewayFixture.awaitAllHealthy(new GatewayClient(System.getProperty("gateway3.url", "http://localhost:9182")));
        marker = "across-members-" + System.nanoTime();
        out = run(URL_1, URL_3, Tokens.of("it-session-owner", "operator"), Tokens.of("it-session-other", "operator"),
                "everything__echo", "{\"message\":\"" + marker + "\"}");
        assertThat(out).as("the client ran to the end").noneMatch(o -> o.getString("step").equals("error"));
    }

    @Test
    void a_session_initialized_on_one_member_lists_and_calls_tools_on_the_other() {
        assertThat(step("connected").getString("sessionId")).isNotBlank();
        assertThat(strings(steps("tools").get(0), "names")).contains("everything__echo");
        assertThat(strings(steps("tools").get(1), "names")).contains("everything__echo");
        JsonObject result = step("result").getJsonObject("result");
        assertThat(result.getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("Echo: " + marker);

        List<JsonObject> requests = step("requests").getJsonArray("requests").getValuesAs(JsonObject.class);
        assertThat(requests.get(0).getString("rpc")).isEqualTo("initialize");
        assertThat(requests.get(0).getInt("instance")).isEqualTo(1);
        List<JsonObject> work = requests.stream()
                .filter(r -> r.containsKey("rpc") && List.of("tools/list", "tools/call").contains(r.getString("rpc"))).toList();
        assertThat(work).as("requests of the session: %s", requests).hasSize(3).allMatch(r -> r.getInt("status") == 200);
        assertThat(work).as("the other member served some: %s", requests).anyMatch(r -> r.getInt("instance") == 2);
        assertThat(work).as("and the first some: %s", requests).anyMatch(r -> r.getInt("instance") == 1);
    }

    @Test
    void another_principal_gets_404_for_the_session_on_both_members() {
        assertThat(step("other-principal").getInt("status1")).isEqualTo(404);
        assertThat(step("other-principal").getInt("status2")).isEqualTo(404);
        assertThat(step("owner").getInt("status1")).as("while the owner is served").isEqualTo(200);
        assertThat(step("owner").getInt("status2")).isEqualTo(200);
    }

    @Test
    void a_delete_through_one_member_ends_the_session_on_both() {
        List<JsonObject> requests = step("requests").getJsonArray("requests").getValuesAs(JsonObject.class);
        assertThat(requests).as("the client's DELETE").anyMatch(r -> r.getString("method").equals("DELETE") && r.getInt("status") == 200);
        assertThat(step("deleted").getInt("status1")).isEqualTo(404);
        assertThat(step("deleted").getInt("status2")).isEqualTo(404);
    }

    @Test
    void a_cancellation_sent_to_the_other_member_stops_the_call_where_it_runs() {
        String principal = "it-cancel-across-" + System.nanoTime();
        List<JsonObject> cancelled = run(URL_1, URL_3, Tokens.of(principal, "admin"), "", "everything__trigger-long-running-operation",
                "{\"duration\":20,\"steps\":20}", "1500");
        JsonObject requests = cancelled.stream().filter(o -> o.getString("step").equals("requests")).findFirst()
                .orElseThrow(() -> new AssertionError("the client did not finish: " + cancelled));
        List<JsonObject> sent = requests.getJsonArray("requests").getValuesAs(JsonObject.class);
        int callAt = sent.stream().filter(r -> "tools/call".equals(r.getString("rpc", null))).findFirst().orElseThrow().getInt("instance");
        int cancelAt = sent.stream().filter(r -> "notifications/cancelled".equals(r.getString("rpc", null))).findFirst()
                .orElseThrow(() -> new AssertionError("no cancellation sent: " + sent)).getInt("instance");
        assertThat(cancelAt).as("the cancellation went to the other member: %s", sent).isNotEqualTo(callAt);

        // stopped where it ran, long before its 20 s: audited CANCELLED there
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> Database.count(
                "select count(*) from tool_execution where principal = ? and tool_id = 'everything.trigger-long-running-operation'"
                        + " and status = 'CANCELLED' and duration_ms < 10000", principal) == 1);
        assertThat(cancelled.stream().filter(o -> o.getString("step").equals("result")).findFirst().orElseThrow()
                .getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("Echo: after the cancel");
    }

    private static List<JsonObject> run(String... arguments) {
        return NodeScripts.run("mcp-session-sharing.mjs", List.of(arguments));
    }

    private static List<JsonObject> steps(String name) {
        List<JsonObject> found = out.stream().filter(o -> o.getString("step").equals(name)).toList();
        assertThat(found).as("step '%s' in %s", name, out).isNotEmpty();
        return found;
    }

    private static JsonObject step(String name) {
        return steps(name).get(0);
    }

    private static List<String> strings(JsonObject object, String key) {
        return object.getJsonArray(key).getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
    }
}
