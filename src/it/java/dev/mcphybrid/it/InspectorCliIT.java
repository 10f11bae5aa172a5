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
 * The gateway's /mcp as the MCP Inspector's command line (npm @modelcontextprotocol/inspector 2.x, `mcp-inspector
 * --cli`) sees it: a client the project did not write lists, calls, reads and gets through it.
 */
class InspectorCliIT {

    private static final GatewayClient admin = new GatewayClient();

    @BeforeAll
    static void catalogueUp() {
        GatewayFixture.awaitAllHealthy(admin);
    }

    @Test
    void theInspectorListsTheAggregatedToolsAndCallsOne() {
        JsonObject listed = inspector(Tokens.admin(), "--method", "tools/list");
        List<String> names = listed.getJsonArray("tools").getValuesAs(JsonObject.class).stream().map(tool -> tool.getString("name")).toList();
        assertThat(names).contains("everything__echo", "memory__read_graph", "filesystem__list_directory");

        String marker = "inspector-" + System.nanoTime();
        JsonObject called = inspector(Tokens.of("it-inspector", "operator"), "--method", "tools/call", "--tool-name", "everything__echo",
                "--tool-arg", "message=" + marker);
        assertThat(called.getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("Echo: " + marker);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> Database.count(
                "select count(*) from tool_execution where principal = 'it-inspector' and tool_id = 'everything.echo' and arguments::text like ?",
                "%" + marker + "%") == 1);
    }

    @Test
    void theInspectorReadsAResourceAndGetsAPromptThroughTheGateway() {
        JsonObject resources = inspector(Tokens.admin(), "--method", "resources/list");
        String uri = resources.getJsonArray("resources").getValuesAs(JsonObject.class).stream().map(r -> r.getString("uri"))
                .filter(u -> u.startsWith("mcp-hybrid://everything/")).findFirst().orElseThrow();

        JsonObject read = inspector(Tokens.admin(), "--method", "resources/read", "--uri", uri);
        assertThat(read.getJsonArray("contents").getJsonObject(0).getString("uri")).isEqualTo(uri);

        JsonObject prompt = inspector(Tokens.admin(), "--method", "prompts/get", "--prompt-name", "everything__simple-prompt");
        assertThat(prompt.getJsonArray("messages")).isNotEmpty();
    }

    @Test
    void theInspectorIsToldWhatIsWrong() {
        // a viewer may call no tool, so it is shown none, and the Inspector finds none to call
        Result hidden = run(Tokens.viewer(), "--method", "tools/call", "--tool-name", "everything__echo", "--tool-arg", "message=x");
        assertThat(hidden.exit()).isNotZero();
        assertThat(hidden.output()).contains("everything__echo").contains("not found");

        Result invalid = run(Tokens.operator(), "--method", "tools/call", "--tool-name", "everything__get-sum", "--tool-arg", "a=two", "b=3");
        assertThat(invalid.exit()).isNotZero();
        assertThat(invalid.output()).contains("input schema");

        // without a token the gateway answers 401, and the Inspector turns to signing in (which needs a terminal here)
        Result unauthenticated = run("", "--method", "tools/list");
        assertThat(unauthenticated.exit()).isNotZero();
        assertThat(unauthenticated.output()).containsIgnoringCase("auth");
    }

    /** Runs the Inspector's CLI against /mcp and reads the JSON result it prints. */
    private static JsonObject inspector(String token, String... arguments) {
        Result result = run(token, arguments);
        assertThat(result.exit()).as("mcp-inspector --cli %s: %s", List.of(arguments), result.output()).isZero();
        String output = result.output();
        int start = output.indexOf('{');
        assertThat(start).as("JSON in: %s", output).isNotNegative();
        return Json.createReader(new StringReader(output.substring(start))).readObject();
    }

    private static Result run(String token, String... arguments) {
        List<String> command = new ArrayList<>(List.of("node", "node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js",
                "--cli", GatewayClient.url() + "/mcp", "--transport", "http"));
        if (!token.isEmpty()) {
            command.addAll(List.of("--header", "Authorization: Bearer " + token));
        }
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output;
            try (var in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("mcp-inspector did not finish: " + output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Result(int exit, String output) {
    }
}
