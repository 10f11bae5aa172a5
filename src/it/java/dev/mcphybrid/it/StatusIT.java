package dev.mcphybrid.it;

import static dev.mcphybrid.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /api/status, /api/status/memory-server, /api/metrics and the gateway's series in /metrics, on the real gateway. */
@GatewayTest
class StatusIT {

    static final GatewayClient gateway = new GatewayClient();
    static GatewayClient viewer;

    @BeforeAll
    static void ready() {
        viewer = GatewayClient.as(Tokens.viewer());
    }

    @BeforeEach
    void allHealthy() {
        GatewayFixture.awaitAllHealthy(gateway);
    }

    @Test
    void status_tells_a_viewer_the_health_servers_tools_executions_and_the_memory_server() {
        GatewayClient.Reply reply = viewer.get("/api/status");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonObject status = reply.object();

        // other tests leave recent errors (and maybe spooled audit records) behind, never a catalogue server that is down
        assertThat(status.getString("status")).isIn("HEALTHY", "DEGRADED");
        assertThat(reasons(status)).noneMatch(r -> GatewayFixture.CATALOGUE.stream().anyMatch(id -> r.startsWith("server " + id + " ")));
        assertThat(status.getString("version")).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(status.getJsonNumber("uptimeSeconds").longValue()).isNotNegative();
        assertThat(Instant.parse(status.getString("startedAt"))).isBefore(Instant.now());
        assertThat(status.getString("authMode")).isEqualTo("jwt");
        JsonObject database = status.getJsonObject("database");
        assertThat(database.getString("migration")).isEqualTo("DONE");
        assertThat(database.getBoolean("reachable")).isTrue();

        JsonObject servers = status.getJsonObject("servers");
        assertThat(servers.getInt("total")).isGreaterThanOrEqualTo(GatewayFixture.CATALOGUE.size());
        JsonObject byState = servers.getJsonObject("byState");
        assertThat(byState.keySet()).containsExactly("CONNECTING", "HEALTHY", "DEGRADED", "UNHEALTHY", "DISCONNECTED");
        assertThat(byState.getJsonObject("HEALTHY").getJsonArray("ids").getValuesAs(JsonString::getString))
                .containsAll(GatewayFixture.CATALOGUE);
        assertThat(byState.getJsonObject("HEALTHY").getInt("count")).isGreaterThanOrEqualTo(GatewayFixture.CATALOGUE.size());
        assertThat(status.getInt("activeTools")).isGreaterThan(20);

        JsonObject executions = status.getJsonObject("executions");
        assertThat(executions.keySet()).containsExactly("5m", "1h", "24h");
        assertThat(executions.getJsonObject("1h").keySet()).contains("calls", "errors", "rejected", "errorRate");
        assertThat(status.getJsonObject("audit").keySet()).contains("bufferDepth", "spooledFiles", "written", "spooling");
        assertThat(status.getJsonObject("events").getInt("clients")).isNotNegative();

        JsonObject memory = status.getJsonObject("memoryServer");
        assertThat(memory.getString("id")).isEqualTo("memory");
        assertThat(memory.getBoolean("configured")).isTrue();
        assertThat(memory.getString("state")).isEqualTo("HEALTHY");
        assertThat(memory.getInt("toolCount")).isPositive();
    }

    @Test
    void status_shows_a_killed_server_within_one_health_cycle_and_its_recovery() {
        SupervisionIT.victim().destroyForcibly();

        await("status shows victim down").atMost(SupervisionIT.ONE_CYCLE).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonObject status = viewer.get("/api/status").object();
            return !"HEALTHY".equals(status.getString("status"))
                    && ids(status, "UNHEALTHY").contains("victim")
                    && reasons(status).stream().anyMatch(r -> r.startsWith("server victim is UNHEALTHY"));
        });
        JsonObject down = viewer.get("/api/status").object();
        assertThat(down.getString("status")).as("the other servers are up").isEqualTo("DEGRADED");
        assertThat(ids(down, "HEALTHY")).doesNotContain("victim");

        await("status shows victim back").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonObject status = viewer.get("/api/status").object();
            return ids(status, "HEALTHY").contains("victim") && reasons(status).stream().noneMatch(r -> r.contains("victim"));
        });
    }

    @Test
    void memory_server_details_show_its_status_handshake_tools_and_what_was_stored() {
        GatewayClient.Reply reply = viewer.get("/api/status/memory-server");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonObject details = reply.object();

        JsonObject server = details.getJsonObject("server");
        assertThat(server.getString("id")).isEqualTo("memory");
        assertThat(server.getString("state")).isEqualTo("HEALTHY");
        assertThat(server.getString("serverName")).isNotBlank();
        assertThat(server.getString("protocolVersion")).isNotBlank();
        assertThat(server.getJsonNumber("latencyMs")).isNotNull();

        List<JsonObject> tools = details.getJsonArray("tools").getValuesAs(JsonObject.class);
        assertThat(tools).hasSize(server.getInt("toolCount"));
        assertThat(tools).extracting(t -> t.getString("name")).contains("read_graph", "create_entities", "search_nodes");
        assertThat(tools).allSatisfy(t -> assertThat(t.getString("description")).isNotBlank());

        JsonObject stored = details.getJsonObject("stored");
        assertThat(stored.keySet()).contains("writes", "entities", "observations", "failures", "skipped", "writesByKind");
    }

    @Test
    void memory_server_details_are_not_found_where_none_is_configured() {
        GatewayClient second = new GatewayClient(System.getProperty("gateway2.url", "http://localhost:9181"), Tokens.viewer());
        await("second gateway ready").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> second.get("/health/ready").status() == 200);
        JsonObject problem = assertProblem(second.get("/api/status/memory-server"), 404);
        assertThat(problem.getString("detail")).contains("memory", "gateway.memory.server-id");
        JsonObject summary = second.get("/api/status").object().getJsonObject("memoryServer");
        assertThat(summary.getBoolean("configured")).isFalse();
        assertThat(summary.containsKey("state")).isFalse();
    }

    @Test
    void prometheus_text_has_the_documented_series_with_server_and_tool_labels_after_a_call() {
        call("everything.echo", "{\"arguments\": {\"message\": \"" + UUID.randomUUID() + "\"}}", 200);

        await("call counted").atMost(Duration.ofSeconds(10)).until(() ->
                series(metrics(), "gateway_tool_calls_total", "server=\"everything\"", "tool=\"echo\"", "status=\"SUCCESS\"") >= 1);
        String text = metrics();
        assertThat(series(text, "gateway_tool_call_duration_seconds_count", "server=\"everything\"", "tool=\"echo\"")).isPositive();
        assertThat(series(text, "gateway_server_up", "server=\"memory\"")).isEqualTo(1);
        assertThat(series(text, "gateway_server_latency_milliseconds", "server=\"memory\"")).isNotNegative();
        assertThat(series(text, "gateway_server_tools", "server=\"memory\"")).isPositive();
        for (String name : DocumentedMetrics.names()) {
            assertThat(text).as("README lists " + name).containsPattern("(?m)^" + name + "(_count|_bucket)?\\{");
        }
    }

    @Test
    void calls_of_tools_no_server_lists_share_one_series() {
        String made = "no-such-tool-" + UUID.randomUUID();
        call("everything." + made, "{}", 404);
        await("unlisted call counted").atMost(Duration.ofSeconds(10)).until(() ->
                series(metrics(), "gateway_tool_calls_total", "server=\"everything\"", "tool=\"\\(unlisted\\)\"", "status=\"REJECTED\"") >= 1);
        assertThat(metrics()).doesNotContain(made);
        assertThat(viewer.get("/api/metrics").body()).doesNotContain(made);
    }

    @Test
    void metrics_json_has_per_tool_and_per_server_figures_over_the_window() {
        call("everything.get-sum", "{\"arguments\": {\"a\": 1, \"b\": " + System.nanoTime() % 1000 + "}}", 200);

        await("call in the figures").atMost(Duration.ofSeconds(10)).until(() -> tool(viewer.get("/api/metrics?window=5m").object(),
                "everything.get-sum") != null);
        JsonObject metrics = viewer.get("/api/metrics?window=5m").object();
        assertThat(metrics.getString("window")).isEqualTo("5m");
        JsonObject sum = tool(metrics, "everything.get-sum");
        assertThat(sum.getString("server")).isEqualTo("everything");
        assertThat(sum.getString("tool")).isEqualTo("get-sum");
        assertThat(sum.getJsonNumber("calls").longValue()).isPositive();
        assertThat(sum.keySet()).contains("errors", "rejected", "errorRate");
        assertThat(sum.getJsonNumber("p50Ms").doubleValue()).isNotNegative();
        assertThat(sum.getJsonNumber("p95Ms").doubleValue()).isGreaterThanOrEqualTo(sum.getJsonNumber("p50Ms").doubleValue());

        JsonObject everything = metrics.getJsonArray("servers").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("id").equals("everything")).findFirst().orElseThrow();
        assertThat(everything.getString("state")).isEqualTo("HEALTHY");
        assertThat(everything.getJsonNumber("latencyMs")).isNotNull();
        assertThat(everything.getJsonNumber("calls").longValue()).isGreaterThanOrEqualTo(sum.getJsonNumber("calls").longValue());
        assertThat(metrics.getJsonObject("executions").getJsonNumber("calls").longValue()).isPositive();
        assertThat(metrics.getJsonObject("events").keySet()).contains("clients", "dropped", "published");
        assertThat(metrics.getJsonObject("audit").keySet()).contains("bufferDepth", "spooledFiles", "written");
        assertThat(metrics.getJsonObject("cache").keySet()).contains("hits", "misses", "entries");
        assertThat(metrics.getJsonObject("rateLimit").getJsonNumber("refused").longValue()).isNotNegative();

        assertThat(viewer.get("/api/metrics").object().getString("window")).as("default").isEqualTo("1h");
        assertThat(viewer.get("/api/metrics?window=24h").status()).isEqualTo(200);
    }

    @Test
    void an_unknown_window_is_a_bad_request() {
        for (String window : List.of("2h", "", "1d", "5M")) {
            JsonObject problem = assertProblem(viewer.get("/api/metrics?window=" + window), 400);
            assertThat(problem.getString("detail")).contains("5m, 1h, 24h");
        }
    }

    @Test
    void a_removed_server_takes_its_series_with_it() {
        try (McpServerProcess process = McpServerProcess.start("streamableHttp")) {
            assertThat(gateway.post("/api/servers", """
                    {"id": "status-probe", "transport": "streamable-http", "url": "%s"}""".formatted(process.url())).status())
                    .isEqualTo(201);
            GatewayFixture.awaitState(gateway, "status-probe", "HEALTHY", Duration.ofSeconds(20));
            call("status-probe.echo", "{\"arguments\": {\"message\": \"" + UUID.randomUUID() + "\"}}", 200);
            await("probe series").atMost(Duration.ofSeconds(10)).until(() ->
                    series(metrics(), "gateway_tool_calls_total", "server=\"status-probe\"", "tool=\"echo\"") >= 1
                            && series(metrics(), "gateway_server_up", "server=\"status-probe\"") == 1);

            assertThat(gateway.delete("/api/servers/status-probe").status()).isEqualTo(204);
            await("probe series gone").atMost(Duration.ofSeconds(10)).until(() -> !metrics().contains("server=\"status-probe\""));
            assertThat(viewer.get("/api/metrics").body()).doesNotContain("status-probe");
        } finally {
            gateway.delete("/api/servers/status-probe");
        }
    }

    @Test
    void openapi_documents_the_endpoints_and_the_health_rule() {
        String openapi = gateway.get("/openapi").body();
        assertThat(openapi).contains("/api/status:", "/api/status/memory-server:", "/api/metrics:",
                "gateway.status.degraded-error-rate", "none of them is HEALTHY or DEGRADED");
    }

    @Test
    void status_and_metrics_need_a_token() {
        assertProblem(GatewayClient.anonymous().get("/api/status"), 401);
        assertProblem(GatewayClient.anonymous().get("/api/metrics"), 401);
        assertThat(GatewayClient.anonymous().get("/metrics").status()).as("the scraper needs none").isEqualTo(200);
    }

    private static void call(String toolId, String body, int expected) {
        GatewayClient.Reply reply = gateway.post("/api/tools/" + toolId + "/execute", body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(expected);
    }

    private static String metrics() {
        return GatewayClient.anonymous().get("/metrics").body();
    }

    /** The value of the line of {@code name} whose labels include all of {@code labels} (regexes); -1 if none. */
    static double series(String text, String name, String... labels) {
        Matcher line = Pattern.compile("(?m)^" + name + "\\{([^}]*)}\\s+(\\S+)$").matcher(text);
        while (line.find()) {
            String found = line.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= Pattern.compile("(^|,)" + label + "(,|$)").matcher(found).find();
            }
            if (all) {
                return Double.parseDouble(line.group(2));
            }
        }
        return -1;
    }

    private static List<String> ids(JsonObject status, String state) {
        return status.getJsonObject("servers").getJsonObject("byState").getJsonObject(state).getJsonArray("ids")
                .getValuesAs(JsonString::getString);
    }

    private static List<String> reasons(JsonObject status) {
        return status.getJsonArray("reasons").getValuesAs(JsonString::getString);
    }

    private static JsonObject tool(JsonObject metrics, String id) {
        for (JsonValue value : metrics.getJsonArray("tools")) {
            if (value.asJsonObject().getString("id").equals(id)) {
                return value.asJsonObject();
            }
        }
        return null;
    }
}
