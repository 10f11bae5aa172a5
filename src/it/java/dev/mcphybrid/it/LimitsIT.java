package dev.mcphybrid.it;

import static dev.mcphybrid.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Input and connection limits, CORS and the security headers, on the real gateway. */
class LimitsIT {

    private static final GatewayClient admin = new GatewayClient();

    @Test
    void anOversizedBodyIs413WhetherDeclaredOrStreamed() {
        String big = "{\"arguments\":{\"message\":\"" + "x".repeat(1_100_000) + "\"}}";
        JsonObject declared = assertProblem(admin.post("/api/tools/everything.echo/execute", big), 413);
        assertThat(declared.getString("detail")).contains("1048576");

        // chunked: no Content-Length, so the gateway has to count
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(big));
        assertProblem(admin.send(HttpRequest.newBuilder(URI.create(GatewayClient.url() + "/api/tools/everything.echo/execute"))
                .header("Content-Type", "application/json").POST(chunked)), 413);
        assertProblem(admin.put("/api/access-policy", "application/json", big), 413);
        assertThat(admin.get("/api/access-policy").object().getJsonArray("rules")).as("policy unchanged").hasSize(4);
    }

    @Test
    void deeplyNestedJsonIs400() {
        String deep = "{\"arguments\":{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}}";
        JsonObject problem = assertProblem(admin.post("/api/tools/everything.echo/execute", deep), 400);
        assertThat(problem.getString("detail")).contains("deeper than 64");
        assertProblem(admin.post("/api/servers", "[".repeat(5000)), 400);
    }

    @Test
    void anOverlongArgumentIsRefusedAndAudited() {
        String requestId = "long-argument-" + UUID.randomUUID();
        String body = "{\"arguments\":{\"message\":\"" + "y".repeat(300_000) + "\"}}";
        JsonObject problem = assertProblem(admin.send(ExecutionIT.request("everything.echo", body, requestId)), 400);
        assertThat(problem.getString("detail")).contains("arguments.message is 300000 characters long");
        assertThat(ExecutionIT.awaitExecution(requestId).getString("status")).isEqualTo("REJECTED");
    }

    @Test
    void oneCallerCannotHoldMoreThanItsShareOfEventStreams() {
        String token = Tokens.of("it-greedy", "viewer");
        List<SseClient> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                SseClient stream = new SseClient("/api/events/stream?types=system_alert", null, token);
                streams.add(stream);
                assertThat(stream.status()).isEqualTo(200);
            }
            JsonObject problem = assertProblem(GatewayClient.as(token).get("/api/events/stream?types=system_alert"), 429);
            assertThat(problem.getString("detail")).contains("it-greedy already has 20 event streams open");
            try (SseClient other = new SseClient("/api/events/stream?types=system_alert", null, Tokens.of("it-modest", "viewer"))) {
                assertThat(other.status()).as("another caller still gets a stream").isEqualTo(200);
            }
        } finally {
            streams.forEach(SseClient::close);
        }
    }

    @Test
    void anOversizedWebSocketMessageClosesThatConnectionOnly() {
        try (WebSocketClient big = new WebSocketClient(true); WebSocketClient normal = new WebSocketClient(true)) {
            big.send("{\"action\":\"subscribe\",\"types\":[\"" + "x".repeat(70_000) + "\"]}");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> big.closeCode() != null);
            assertThat(big.closeCode()).isEqualTo(1009);
            normal.send("{\"action\":\"subscribe\",\"types\":[\"server_status\"]}");
            assertThat(normal.awaitReply(r -> "subscribed".equals(r.getString("type", "")), Duration.ofSeconds(5))).isNotNull();
        }
    }

    @Test
    void responsesCarrySecurityHeadersAndCorsAllowsOnlyTheConfiguredOrigin() {
        GatewayClient.Reply reply = admin.get("/api/servers");
        assertThat(reply.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(reply.header("X-Frame-Options")).contains("DENY");
        assertThat(reply.header("Cache-Control")).contains("no-store");
        assertThat(reply.header("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'"));
        assertThat(GatewayClient.anonymous().get("/api/servers").header("X-Content-Type-Options")).as("on a 401 too").contains("nosniff");

        GatewayClient.Reply preflight = GatewayClient.anonymous().send(HttpRequest.newBuilder(URI.create(GatewayClient.url() + "/api/servers"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization"));
        assertThat(preflight.status()).as(preflight.toString()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).contains("http://localhost:3000");

        GatewayClient.Reply foreign = admin.send(HttpRequest.newBuilder(URI.create(GatewayClient.url() + "/api/servers"))
                .header("Origin", "https://evil.example"));
        assertThat(foreign.header("Access-Control-Allow-Origin")).isEmpty();
    }

}
