package dev.mcphybrid.it;

import static dev.mcphybrid.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tool execution through the gateway against real server-everything, audited in the real PostgreSQL. */
@GatewayTest(servers = {"everything", "everything-sse", "everything-http"})
class ExecutionIT {

    static final GatewayClient gateway = new GatewayClient();

    static JsonObject execute(String toolId, String body) {
        GatewayClient.Reply reply = gateway.post("/api/tools/" + toolId + "/execute", body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.object();
    }

    @Test
    void echo_over_every_transport() {
        for (String server : List.of("everything", "everything-sse", "everything-http")) {
            String message = "hello-" + UUID.randomUUID();
            JsonObject response = execute(server + ".echo", "{\"arguments\": {\"message\": \"" + message + "\"}}");
            assertThat(response.getString("status")).isEqualTo("SUCCESS");
            assertThat(response.getBoolean("cached")).isFalse();
            JsonObject text = response.getJsonObject("result").getJsonArray("content").getJsonObject(0);
            assertThat(text.getString("type")).isEqualTo("text");
            assertThat(text.getString("text")).isEqualTo("Echo: " + message);
        }
    }

    @Test
    void add_numbers() {
        JsonObject response = execute("everything.get-sum", "{\"arguments\": {\"a\": 2, \"b\": 40}}");
        assertThat(response.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text")).contains("42");
    }

    @Test
    void a_long_running_tool_reports_progress() {
        JsonObject response = execute("everything.trigger-long-running-operation",
                "{\"arguments\": {\"duration\": 1, \"steps\": 4}}");
        assertThat(response.getString("status")).isEqualTo("SUCCESS");
        assertThat(response.getJsonArray("progress")).hasSize(4);
        JsonObject last = response.getJsonArray("progress").getJsonObject(3);
        assertThat(last.getJsonNumber("progress").doubleValue()).isEqualTo(4.0);
        assertThat(last.getJsonNumber("total").doubleValue()).isEqualTo(4.0);
    }

    @Test
    void an_image_comes_back_as_the_server_sent_it() {
        JsonObject response = execute("everything.get-tiny-image", "{}");
        JsonObject image = response.getJsonObject("result").getJsonArray("content").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("type").equals("image")).findFirst().orElseThrow();
        assertThat(image.getString("mimeType")).isEqualTo("image/png");
        byte[] png = Base64.getDecoder().decode(image.getString("data"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void structured_content_is_passed_through() {
        JsonObject response = execute("everything.get-structured-content", "{\"arguments\": {\"location\": \"New York\"}}");
        assertThat(response.getJsonObject("result").getJsonObject("structuredContent")).isNotEmpty();
    }

    @Test
    void invalid_arguments_are_422_with_every_violation_and_audited_as_rejected() {
        String requestId = "invalid-" + UUID.randomUUID();
        GatewayClient.Reply reply = gateway.send(request("everything.get-sum", "{\"arguments\": {\"a\": \"two\"}}", requestId));
        JsonObject problem = assertProblem(reply, 422);
        List<String> violations = problem.getJsonObject("extensions").getJsonArray("violations").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList();
        assertThat(violations).hasSize(2).anySatisfy(v -> assertThat(v).contains("/a")).anySatisfy(v -> assertThat(v).contains("'b'"));

        JsonObject row = awaitExecution(requestId);
        assertThat(row.getString("status")).isEqualTo("REJECTED");
        assertThat(row.getString("error")).contains("'b'");
        assertThat(row.getJsonObject("arguments").getString("a")).isEqualTo("two");
        assertThat(Database.count("select count(*) from tool_execution where request_id = ? and status = 'REJECTED'", requestId)).isEqualTo(1);
    }

    @Test
    void unknown_tools_and_bad_bodies_are_problems_and_still_audited() {
        String requestId = "unknown-" + UUID.randomUUID();
        assertProblem(gateway.send(request("everything.no-such-tool", "{}", requestId)), 404);
        assertThat(awaitExecution(requestId).getString("status")).isEqualTo("REJECTED");

        assertProblem(gateway.post("/api/tools/everything.echo/execute", "{\"arguments\": "), 400);
        assertProblem(gateway.post("/api/tools/everything.echo/execute", "{\"arguments\": [1]}"), 400);
        assertProblem(gateway.post("/api/tools/everything.echo/execute", "{\"arguments\": {\"message\": \"x\"}, \"timeoutMs\": -5}"), 400);
        assertProblem(gateway.post("/api/tools/everything.echo/execute", "{\"argumentz\": {}}"), 400);
    }

    @Test
    void a_call_past_its_timeout_is_504_and_audited_as_timeout() {
        String requestId = "timeout-" + UUID.randomUUID();
        long started = System.nanoTime();
        JsonObject problem = assertProblem(gateway.send(request("everything.trigger-long-running-operation",
                "{\"arguments\": {\"duration\": 5, \"steps\": 5}, \"timeoutMs\": 500}", requestId)), 504);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_000);
        assertThat(problem.getString("detail")).contains("timed out");
        assertThat(awaitExecution(requestId).getString("status")).isEqualTo("TIMEOUT");
        // the session is still good
        assertThat(execute("everything.echo", "{\"arguments\": {\"message\": \"after-timeout\"}}").getString("status")).isEqualTo("SUCCESS");
    }

    @Test
    void a_call_past_its_timeout_tells_the_server_to_stop_it() {
        try (CancellationProbeServer probe = new CancellationProbeServer()) {
            String id = "cancel-probe-" + UUID.randomUUID().toString().substring(0, 8);
            assertThat(gateway.post("/api/servers", "{\"id\": \"" + id + "\", \"transport\": \"streamable-http\", \"url\": \""
                    + probe.url() + "\"}").status()).isEqualTo(201);
            try {
                GatewayFixture.awaitState(gateway, id, "HEALTHY", Duration.ofSeconds(20));
                await().atMost(Duration.ofSeconds(10)).until(() -> gateway.get("/api/tools/" + id + ".wait").status() == 200);
                assertProblem(gateway.post("/api/tools/" + id + ".wait/execute", "{\"timeoutMs\": 500}"), 504);
                await("notifications/cancelled at the server").atMost(Duration.ofSeconds(5))
                        .until(() -> !probe.cancelledRequestIds().isEmpty());
                assertThat(probe.cancelledRequestIds()).as("the cancelled request is the call that timed out")
                        .containsExactlyElementsOf(probe.calledRequestIds());
            } finally {
                gateway.delete("/api/servers/" + id);
            }
        }
    }

    @Test
    void read_only_tools_are_served_from_the_cache_with_the_same_result() {
        String body = "{\"arguments\": {\"message\": \"cache-" + UUID.randomUUID() + "\"}}";
        JsonObject first = execute("everything.echo", body);
        JsonObject second = execute("everything.echo", body);
        assertThat(first.getBoolean("cached")).isFalse();
        assertThat(second.getBoolean("cached")).isTrue();
        assertThat(second.getJsonObject("result")).isEqualTo(first.getJsonObject("result"));
        // toggle-simulated-logging is not read-only: never cached (two calls switch the logging on and off again)
        assertThat(execute("everything-http.toggle-simulated-logging", "{}").getBoolean("cached")).isFalse();
        assertThat(execute("everything-http.toggle-simulated-logging", "{}").getBoolean("cached")).isFalse();
    }

    @Test
    void a_write_to_a_server_makes_its_cached_reads_stale() {
        execute("memory.read_graph", "{}"); // cached from here on
        String entity = "cache-" + UUID.randomUUID();
        execute("memory.create_entities", "{\"arguments\": {\"entities\": [{\"name\": \"" + entity
                + "\", \"entityType\": \"test\", \"observations\": []}]}}");

        JsonObject after = execute("memory.read_graph", "{}");
        assertThat(after.getBoolean("cached")).isFalse();
        assertThat(after.getJsonObject("result").toString()).contains(entity);
    }

    @Test
    void secrets_in_arguments_are_redacted_in_the_audit_log_and_the_request_id_is_kept() {
        String requestId = "redact-" + UUID.randomUUID();
        GatewayClient.Reply reply = gateway.send(request("everything.echo",
                "{\"arguments\": {\"message\": \"m-" + requestId + "\", \"apiToken\": \"super-secret-value\"}}", requestId));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("X-Request-Id")).contains(requestId);
        JsonObject row = awaitExecution(requestId);
        assertThat(row.getJsonObject("arguments").getString("apiToken")).isEqualTo("[REDACTED]");
        assertThat(Database.count("select count(*) from tool_execution where arguments::text like '%super-secret-value%'")).isZero();
    }

    @Test
    void executions_are_listed_newest_first_with_keyset_paging_and_filters() {
        for (int i = 0; i < 3; i++) {
            execute("everything-http.echo", "{\"arguments\": {\"message\": \"page-" + UUID.randomUUID() + "\"}}");
        }
        gateway.get("/metrics"); // give the writer a moment
        await().atMost(Duration.ofSeconds(10)).until(() ->
                gateway.get("/api/executions?tool=everything-http.echo&limit=500").object().getJsonArray("items").size() >= 3);
        JsonObject first = gateway.get("/api/executions?tool=everything-http.echo&limit=2").object();
        assertThat(first.getJsonArray("items")).hasSize(2);
        JsonObject second = gateway.get("/api/executions?tool=everything-http.echo&limit=2&cursor=" + first.getString("nextCursor")).object();
        List<String> ids = new java.util.ArrayList<>();
        List<String> times = new java.util.ArrayList<>();
        for (JsonObject page : List.of(first, second)) {
            page.getJsonArray("items").stream().map(JsonValue::asJsonObject).forEach(item -> {
                ids.add(item.getString("id"));
                times.add(item.getString("startedAt"));
                assertThat(item.getString("serverId")).isEqualTo("everything-http");
            });
        }
        assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(3);
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        assertThat(gateway.get("/api/executions?status=success&server=everything-http&limit=5").object().getJsonArray("items"))
                .allSatisfy(item -> assertThat(item.asJsonObject().getString("status")).isEqualTo("SUCCESS"));
        JsonObject one = gateway.get("/api/executions/" + ids.get(0)).object();
        assertThat(one.getString("toolId")).isEqualTo("everything-http.echo");
    }

    @Test
    void stats_give_counts_error_rates_and_percentiles() {
        execute("everything.echo", "{\"arguments\": {\"message\": \"stats-" + UUID.randomUUID() + "\"}}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonObject stats = gateway.get("/api/executions/stats?window=1h").object();
            assertThat(stats.getJsonObject("total").getJsonNumber("count").longValue()).isPositive();
            JsonObject echo = stats.getJsonArray("byTool").stream().map(JsonValue::asJsonObject)
                    .filter(r -> r.getString("key").equals("everything.echo")).findFirst().orElseThrow();
            assertThat(echo.getJsonNumber("p50Ms").doubleValue()).isNotNegative();
            assertThat(echo.getJsonNumber("p95Ms").doubleValue()).isGreaterThanOrEqualTo(echo.getJsonNumber("p50Ms").doubleValue());
            assertThat(stats.getJsonArray("byServer")).isNotEmpty();
        });
    }

    @Test
    void audit_queries_reject_bad_parameters() {
        assertProblem(gateway.get("/api/executions?status=bogus"), 400);
        assertProblem(gateway.get("/api/executions?limit=0"), 400);
        assertProblem(gateway.get("/api/executions?from=yesterday"), 400);
        assertProblem(gateway.get("/api/executions?cursor=not-a-cursor"), 400);
        assertProblem(gateway.get("/api/executions/not-a-uuid"), 400);
        assertProblem(gateway.get("/api/executions/" + UUID.randomUUID()), 404);
        assertProblem(gateway.get("/api/executions/stats?window=forever"), 400);
        assertProblem(gateway.get("/api/executions/stats?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"), 400);
    }

    static HttpRequest.Builder request(String toolId, String body, String requestId) {
        return HttpRequest.newBuilder(URI.create(System.getProperty("gateway.url", "http://localhost:9180") + "/api/tools/" + toolId + "/execute"))
                .header("Content-Type", "application/json").header("X-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** The audit row of a request, once the writer has stored it. */
    static JsonObject awaitExecution(String requestId) {
        await("audit row of " + requestId).atMost(Duration.ofSeconds(15)).until(() ->
                Database.count("select count(*) from tool_execution where request_id = ?", requestId) == 1);
        String id = String.valueOf(queryId(requestId));
        return new GatewayClient().get("/api/executions/" + id).object();
    }

    private static Object queryId(String requestId) {
        try (var db = Database.connect(); var query = db.prepareStatement("select id from tool_execution where request_id = ?")) {
            query.setString(1, requestId);
            var rs = query.executeQuery();
            rs.next();
            return rs.getObject(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
