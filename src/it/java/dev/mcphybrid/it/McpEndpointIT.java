package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway as an MCP server, driven by the official TypeScript MCP client (@modelcontextprotocol/sdk from npm,
 * src/it/scripts/mcp-client.mjs) over Streamable HTTP and SSE, with real servers behind the gateway.
 */
class McpEndpointIT {

    private static final GatewayClient admin = new GatewayClient();

    @BeforeAll
    static void catalogueUp() {
        GatewayFixture.awaitAllHealthy(admin);
    }

    @Test
    void theTypeScriptClientListsTheAggregatedToolsResourcesAndPrompts() {
        List<JsonObject> out = client("/mcp", Tokens.admin(), "streamable", "list");
        assertThat(step(out, "connected").getJsonObject("server").getString("name")).isEqualTo("mcp-hybrid-server");
        List<String> tools = strings(step(out, "tools"), "names");
        assertThat(tools).contains("everything__echo", "everything-sse__echo", "everything-http__echo", "memory__read_graph",
                "filesystem__list_directory");
        assertThat(tools).as("one entry per downstream tool").doesNotHaveDuplicates();
        assertThat(strings(step(out, "resources"), "uris")).anyMatch(uri -> uri.startsWith("mcp-hybrid://everything/"));
        assertThat(strings(step(out, "prompts"), "names")).contains("everything__simple-prompt");

        // a viewer may call no tool, so it is shown none; what it may read stays listed
        List<JsonObject> viewer = client("/mcp", Tokens.viewer(), "streamable", "list");
        assertThat(strings(step(viewer, "tools"), "names")).isEmpty();
        assertThat(strings(step(viewer, "resources"), "uris")).isNotEmpty();
    }

    @Test
    void aCallThroughTheMcpEndpointRunsOnTheRealServerAndIsAudited() {
        String marker = "through-mcp-" + System.nanoTime();
        List<JsonObject> out = client("/mcp", Tokens.of("it-mcp-client", "operator"), "streamable", "call", "everything-http__echo",
                "{\"message\":\"" + marker + "\"}");
        JsonObject result = step(out, "result").getJsonObject("result");
        assertThat(result.getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("Echo: " + marker);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                Database.count("select count(*) from tool_execution where principal = ? and tool_id = ? and arguments::text like ?",
                        "it-mcp-client", "everything-http.echo", "%" + marker + "%") == 1);
        assertThat(Database.dump("select client_agent, status from tool_execution where principal = 'it-mcp-client'"))
                .contains("mcp-hybrid-it-client").contains("SUCCESS");
    }

    @Test
    void progressOfALongCallReachesTheClientUnderItsOwnToken() {
        // admins only: the access policy of the tests keeps operators from long-running operations
        List<JsonObject> out = client("/mcp", Tokens.admin(), "streamable", "progress", "everything__trigger-long-running-operation",
                "{\"duration\":2,\"steps\":4}");
        List<JsonObject> progress = out.stream().filter(o -> o.getString("step").equals("progress")).toList();
        assertThat(progress).as("notifications/progress heard: %s", out).hasSize(4);
        assertThat(progress).extracting(p -> p.getJsonNumber("progress").doubleValue()).containsExactly(1.0, 2.0, 3.0, 4.0);
        assertThat(progress.get(3).getJsonNumber("total").doubleValue()).isEqualTo(4.0);
        assertThat(step(out, "result").getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"))
                .contains("completed");
    }

    @Test
    void aCallTheClientCancelsStopsAtOnceAndIsAuditedAsCancelled() {
        String principal = "it-mcp-cancel-" + System.nanoTime();
        long started = System.nanoTime();
        List<JsonObject> out = client("/mcp", Tokens.of(principal, "admin"), "streamable", "cancel",
                "everything__trigger-long-running-operation", "{\"duration\":20,\"steps\":20}", "1000");
        assertThat(step(out, "cancelled").getJsonNumber("afterMs").longValue()).isLessThan(5_000);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                Database.count("select count(*) from tool_execution where principal = ? and status = 'CANCELLED'", principal) == 1);
        assertThat(Database.dump("select error, duration_ms from tool_execution where principal = '" + principal + "'"))
                .contains("cancelled");
        assertThat((System.nanoTime() - started) / 1_000_000).as("the call did not run its 20 s").isLessThan(15_000);
        // the server was released too: the next call on it is answered at once
        assertThat(step(client("/mcp", Tokens.operator(), "streamable", "call", "everything__echo", "{\"message\":\"after\"}"),
                "result").toString()).contains("Echo: after");
    }

    @Test
    void aForeignBrowserOriginAndAnUnknownProtocolVersionAreRefusedBeforeTheMessageIsRead() {
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
        GatewayClient.Reply rebinding = admin.send(mcpPost(initialize).header("Origin", "http://attacker.example"));
        assertThat(rebinding.status()).isEqualTo(403);
        assertThat(rebinding.body()).contains("-32600").contains("attacker.example");

        GatewayClient.Reply version = admin.send(mcpPost(initialize).header("MCP-Protocol-Version", "1999-01-01"));
        assertThat(version.status()).isEqualTo(400);
        assertThat(version.body()).contains("1999-01-01").contains("2025-06-18");

        GatewayClient.Reply sse = admin.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(GatewayClient.url() + "/mcp/sse"))
                .header("Origin", "http://attacker.example").GET());
        assertThat(sse.status()).isEqualTo(403);
        assertThat(sse.contentType()).startsWith("application/problem+json");

        GatewayClient.Reply local = admin.send(mcpPost(initialize).header("Origin", "http://localhost:6274"));
        assertThat(local.status()).as("a localhost browser client may: %s", local.body()).isEqualTo(200);
    }

    private static java.net.http.HttpRequest.Builder mcpPost(String body) {
        return java.net.http.HttpRequest.newBuilder(java.net.URI.create(GatewayClient.url() + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void aToolOfAServerThatIsDownIsAnAuditedIsErrorResultAndAnUnknownToolIsNamed() {
        assertThat(admin.delete("/api/servers/everything-sse/disconnect").status()).isEqualTo(200);
        try {
            String principal = "it-mcp-down-" + System.nanoTime();
            JsonObject result = step(client("/mcp", Tokens.of(principal, "operator"), "streamable", "call", "everything-sse__echo",
                    "{\"message\":\"x\"}"), "result").getJsonObject("result");
            assertThat(result.getBoolean("isError")).isTrue();
            assertThat(result.getJsonArray("content").getJsonObject(0).getString("text")).contains("everything-sse").contains("DISCONNECTED");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Database.count(
                    "select count(*) from tool_execution where principal = ? and tool_id = 'everything-sse.echo' and status = 'ERROR'",
                    principal) == 1);
        } finally {
            assertThat(admin.post("/api/servers/everything-sse/connect", null).status()).isEqualTo(200);
        }
        // an admin: the access policy answers before any lookup, so an operator would hear "no rule" instead
        JsonObject unknown = step(client("/mcp", Tokens.admin(), "streamable", "call", "no-such-server__echo", "{}"), "error");
        assertThat(unknown.getInt("code")).isEqualTo(-32602);
        assertThat(unknown.getString("message")).contains("no-such-server.echo").doesNotContain("invalid_tool_name");
    }

    @Test
    void theOlderSseTransportWorksToo() {
        List<JsonObject> out = client("/mcp/sse", Tokens.operator(), "sse", "call", "everything__get-sum", "{\"a\":2,\"b\":3}");
        assertThat(step(out, "result").getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text")).contains("5");
    }

    @Test
    void badInputAndRefusalsAreJsonRpcErrors() {
        JsonObject invalid = step(client("/mcp", Tokens.operator(), "streamable", "call", "everything__get-sum", "{\"a\":\"two\"}"), "error");
        assertThat(invalid.getInt("code")).isEqualTo(-32602);
        assertThat(invalid.getString("message")).contains("input schema").contains("a");

        JsonObject forbidden = step(client("/mcp", Tokens.viewer(), "streamable", "call", "everything__echo", "{\"message\":\"x\"}"), "error");
        assertThat(forbidden.getInt("code")).isEqualTo(-32003);
        assertThat(forbidden.getString("message")).contains("operator role");

        JsonObject denied = step(client("/mcp", Tokens.operator(), "streamable", "call", "memory__read_graph", "{}"), "error");
        assertThat(denied.getString("message")).as("the access policy applies").contains("no rule");

        JsonObject unknown = step(client("/mcp", Tokens.operator(), "streamable", "call", "everything__no-such-tool", "{}"), "error");
        assertThat(unknown.getInt("code")).isEqualTo(-32602);

        JsonObject noToken = step(client("/mcp", "", "streamable", "list"), "failed");
        assertThat(noToken.getString("message")).contains("401");
    }

    @Test
    void aVirtualServerListsOnlyItsTools() {
        List<JsonObject> out = client("/mcp/research", Tokens.admin(), "streamable", "list");
        assertThat(strings(step(out, "tools"), "names")).containsExactlyInAnyOrder("everything__echo", "everything__get-sum", "memory__read_graph");
        assertThat(step(out, "connected").getJsonObject("server").getString("name")).isEqualTo("mcp-hybrid-server/research");
        JsonObject outside = step(client("/mcp/research", Tokens.admin(), "streamable", "call", "everything__get-env", "{}"), "error");
        assertThat(outside.getInt("code")).isEqualTo(-32602);
        assertThat(outside.getString("message")).contains("Unknown tool");
    }

    @Test
    void connectedClientsHearWhenTheToolsChange() throws Exception {
        watchingStarted = false;
        CompletableFuture<List<JsonObject>> watching = CompletableFuture.supplyAsync(() ->
                client("/mcp", Tokens.admin(), "streamable", "watch", "30"));
        // the client says "waiting" once its listening stream (the GET that carries notifications) is open: what the
        // gateway sends a session before that is lost, so the change must not come earlier
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> watchingStarted || watching.isDone());
        if (!watchingStarted) {
            throw new AssertionError("the MCP client ended before it was listening: " + watching.get());
        }
        assertThat(admin.delete("/api/servers/filesystem/disconnect").status()).isEqualTo(200);
        try {
            List<JsonObject> out = watching.get(40, TimeUnit.SECONDS);
            assertThat(step(out, "list_changed").getBoolean("received")).as("list_changed heard: %s", out).isTrue();
            assertThat(step(out, "list_changed").getInt("notifications")).as("one notification for one change: %s", out).isEqualTo(1);
            List<JsonObject> lists = out.stream().filter(o -> o.getString("step").equals("tools")).toList();
            assertThat(strings(lists.get(0), "names")).contains("filesystem__list_directory");
            // listed a second after the last notification, so no filesystem tool is left
            assertThat(strings(lists.get(lists.size() - 1), "names")).as("tools after the change: %s", out)
                    .noneMatch(name -> name.startsWith("filesystem__"));
        } finally {
            assertThat(admin.post("/api/servers/filesystem/connect", null).status()).isEqualTo(200);
        }
    }

    @Test
    void toolsTheCallersAccessPolicyRefusesAreNotListedAndCallingOneIsForbidden() {
        List<String> tools = strings(step(client("/mcp", Tokens.of("it-mcp-operator", "operator"), "streamable", "list"), "tools"), "names");
        assertThat(tools).contains("everything__echo", "everything-http__echo")
                .doesNotContain("everything__trigger-long-running-operation", "memory__read_graph", "filesystem__list_directory");
        assertThat(strings(step(client("/mcp", Tokens.admin(), "streamable", "list"), "tools"), "names"))
                .contains("everything__trigger-long-running-operation", "memory__read_graph");

        JsonObject hidden = step(client("/mcp", Tokens.of("it-mcp-operator", "operator"), "streamable", "call", "memory__read_graph", "{}"), "error");
        assertThat(hidden.getInt("code")).isEqualTo(-32003);
        assertThat(hidden.getString("message")).contains("Forbidden");
    }

    @Test
    void resourcesListedMadeFromATemplateOrLinkedByAToolAreReadThroughTheGatewaysUrisAndAudited() {
        String principal = "it-mcp-resources-" + System.nanoTime();
        List<JsonObject> out = client("/mcp", Tokens.of(principal, "admin"), "streamable", "resources", "everything");
        assertThat(strings(step(out, "templates"), "uriTemplates"))
                .contains("mcp-hybrid://everything/demo%3A%2F%2Fresource%2Fdynamic%2Ftext%2F{resourceId}");
        assertThat(strings(step(out, "read"), "uris")).isNotEmpty().allMatch(uri -> uri.startsWith("mcp-hybrid://everything/"));
        JsonObject templated = step(out, "templated");
        assertThat(strings(templated, "uris")).containsExactly("mcp-hybrid://everything/demo%3A%2F%2Fresource%2Fdynamic%2Ftext%2F7");
        assertThat(templated.getString("text")).isNotBlank();
        assertThat(step(out, "linked").getString("link")).startsWith("mcp-hybrid://everything/");
        assertThat(strings(step(out, "linked"), "uris")).containsExactly(step(out, "linked").getString("link"));
        JsonObject foreign = step(out, "foreign");
        assertThat(foreign.getBoolean("refused")).isTrue();
        assertThat(foreign.getInt("code")).isEqualTo(-32002);

        // three reads reached the server (listed, templated, linked), and the tool call that made the links
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                Database.count("select count(*) from tool_execution where principal = ? and tool_id = 'everything.resources/read' and status = 'SUCCESS'",
                        principal) == 3);
        assertThat(Database.dump("select arguments from tool_execution where principal = '" + principal + "' and tool_name = 'resources/read'"))
                .contains("demo://resource/dynamic/text/7");
    }

    @Test
    void argumentCompletionsComeFromTheServerOfThePromptAndPromptsAreAudited() {
        String principal = "it-mcp-complete-" + System.nanoTime();
        assertThat(strings(step(client("/mcp", Tokens.of(principal, "admin"), "streamable", "complete", "everything__completable-prompt",
                "department", "Eng"), "completion"), "values")).containsExactly("Engineering");
        List<JsonObject> out = client("/mcp", Tokens.of(principal, "admin"), "streamable", "complete", "everything__completable-prompt",
                "name", "A", "{\"department\":\"Engineering\"}");
        assertThat(strings(step(out, "completion"), "values")).containsExactly("Alice");
        assertThat(strings(step(out, "prompt"), "texts")).containsExactly("Please promote Alice to the head of the Engineering team.");

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                Database.count("select count(*) from tool_execution where principal = ? and tool_id = 'everything.completion/complete'", principal) == 2
                        && Database.count("select count(*) from tool_execution where principal = ? and tool_id = 'everything.prompts/get'", principal) == 1);
    }

    @Test
    void aServersSamplingAndElicitationRequestsDuringACallReachTheCallingClientAndItsAnswersGoBack() {
        List<JsonObject> out = client("/mcp", Tokens.admin(), "streamable", "ask", "everything");
        JsonObject sampled = step(out, "sampled");
        assertThat(sampled.getBoolean("isError")).as("%s", out).isFalse();
        assertThat(sampled.getString("text")).contains("sampled by the test client").contains("it-model");
        JsonObject elicited = step(out, "elicited");
        assertThat(elicited.getBoolean("isError")).as("%s", out).isFalse();
        assertThat(String.join("\n", strings(elicited, "texts"))).contains("Ada Lovelace");
        List<String> methods = step(out, "asked").getJsonArray("requests").getValuesAs(JsonObject.class).stream()
                .map(request -> request.getString("method")).toList();
        assertThat(methods).containsExactly("sampling/createMessage", "elicitation/create");
    }

    @Test
    void aSubscribedClientHearsOfUpdatesToTheResourceUnderTheGatewaysUri() {
        List<JsonObject> out = client("/mcp", Tokens.admin(), "streamable", "subscribe", "everything", "7");
        JsonObject updates = step(out, "updates");
        String subscribed = updates.getString("subscribed");
        assertThat(strings(updates, "uris")).as("updates heard: %s", out).isNotEmpty().containsOnly(subscribed);
        assertThat(updates.getJsonObject("foreign").getBoolean("refused")).isTrue();
        assertThat(updates.getJsonObject("foreign").getInt("code")).isEqualTo(-32002);
    }

    @Test
    void aClientThatAsksForLogMessagesHearsTheServersLogLines() {
        List<JsonObject> out = client("/mcp", Tokens.admin(), "streamable", "logs", "everything", "16");
        JsonObject logs = step(out, "logs");
        assertThat(logs.getInt("count")).as("log messages heard: %s", out).isGreaterThan(0);
        assertThat(strings(logs, "loggers")).containsOnly("everything");
    }

    private static volatile boolean watchingStarted;

    /** Runs the TypeScript client to the end and returns its output lines as JSON. */
    static List<JsonObject> client(String path, String token, String transport, String... command) {
        List<String> arguments = new ArrayList<>(List.of(GatewayClient.url() + path, token, transport));
        arguments.addAll(List.of(command));
        return NodeScripts.run("mcp-client.mjs", arguments, json -> {
            if (json.getString("step").equals("waiting")) {
                watchingStarted = true;
            }
        });
    }

    private static JsonObject step(List<JsonObject> out, String name) {
        return out.stream().filter(o -> o.getString("step").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step '" + name + "' in " + out));
    }

    private static List<String> strings(JsonObject object, String key) {
        return object.getJsonArray(key).getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
    }
}
