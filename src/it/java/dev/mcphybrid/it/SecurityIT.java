package dev.mcphybrid.it;

import static dev.mcphybrid.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Authentication with MicroProfile JWT, the three roles, and the per-tool access policy, on the real gateway. */
class SecurityIT {

    private static final GatewayClient admin = new GatewayClient();

    @BeforeAll
    static void catalogueUp() {
        GatewayFixture.awaitAllHealthy(admin);
    }

    @Test
    void everyApiCallNeedsAValidToken() {
        assertUnauthorized(GatewayClient.anonymous().get("/api/servers"));
        assertUnauthorized(GatewayClient.as(Tokens.expired("it-admin", "admin")).get("/api/servers"));
        assertUnauthorized(GatewayClient.as(Tokens.foreignSignature("it-admin", "admin")).get("/api/servers"));
        assertUnauthorized(GatewayClient.as(Tokens.withIssuer("https://evil.example", "it-admin", "admin")).get("/api/servers"));
        assertUnauthorized(GatewayClient.as(Tokens.withAudience("another-service", "it-admin", "admin")).get("/api/servers"));
        assertUnauthorized(GatewayClient.as("not-a-jwt").get("/api/tools"));
        assertUnauthorized(GatewayClient.anonymous().post("/api/tools/everything.echo/execute", "{\"arguments\":{\"message\":\"hi\"}}"));
        assertUnauthorized(GatewayClient.anonymous().get("/api/events/stream"));
    }

    @Test
    void aTokenWithoutAGatewayRoleIsForbidden() {
        assertProblem(GatewayClient.as(Tokens.of("stranger", "some-other-app")).get("/api/servers"), 403);
    }

    @Test
    void healthAndOpenApiStayOpen() {
        assertThat(GatewayClient.anonymous().get("/health/ready").status()).isEqualTo(200);
        assertThat(GatewayClient.anonymous().get("/openapi").status()).isEqualTo(200);
        assertThat(GatewayClient.anonymous().get("/metrics").status()).isEqualTo(200);
    }

    @Test
    void theWebSocketNeedsAToken() {
        String url = GatewayClient.url().replace("http", "ws") + "/ws/events";
        assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(url), new WebSocket.Listener() { }).join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode()).isEqualTo(401));
        try (WebSocketClient viewer = new WebSocketClient(true, Tokens.viewer())) {
            viewer.send("{\"action\":\"subscribe\",\"types\":[\"server_status\"]}");
            assertThat(viewer.awaitReply(reply -> "subscribed".equals(reply.getString("type", "")), Duration.ofSeconds(5))).isNotNull();
        }
    }

    @Test
    void aViewerReadsButCannotExecuteAndTheRefusalIsAudited() {
        GatewayClient viewer = GatewayClient.as(Tokens.viewer());
        assertThat(viewer.get("/api/servers").status()).isEqualTo(200);
        assertThat(viewer.get("/api/tools").status()).isEqualTo(200);
        assertThat(viewer.get("/api/executions").status()).isEqualTo(200);

        String requestId = "viewer-" + UUID.randomUUID();
        JsonObject problem = assertProblem(viewer.send(ExecutionIT.request("everything.echo", "{\"arguments\":{\"message\":\"hi\"}}", requestId)), 403);
        assertThat(problem.getString("detail")).contains("operator role").contains("it-viewer");

        JsonObject row = ExecutionIT.awaitExecution(requestId);
        assertThat(row.getString("status")).isEqualTo("REJECTED");
        assertThat(row.getString("principal")).isEqualTo("it-viewer");
        assertThat(row.getString("error")).contains("operator role");
    }

    @Test
    void onlyAdminsChangeServersAndThePolicy() {
        GatewayClient operator = GatewayClient.as(Tokens.operator());
        String body = "{\"id\": \"never-registered\", \"transport\": \"streamable-http\", \"url\": \"http://127.0.0.1:1/mcp\"}";
        JsonObject problem = assertProblem(operator.post("/api/servers", body), 403);
        assertThat(problem.getString("detail")).contains("admin role");
        assertProblem(operator.delete("/api/servers/everything"), 403);
        assertProblem(operator.post("/api/servers/everything/connect", null), 403);
        assertProblem(operator.delete("/api/servers/everything/disconnect"), 403);
        assertProblem(operator.get("/api/access-policy"), 403);
        assertThat(admin.get("/api/servers/everything/status").object().getString("state")).isEqualTo("HEALTHY");
        assertProblem(admin.get("/api/servers/never-registered/status"), 404);
    }

    @Test
    void anOperatorCallsOnlyWhatThePolicyAllows() {
        GatewayClient operator = GatewayClient.as(Tokens.operator());
        GatewayClient.Reply echo = operator.post("/api/tools/everything-http.echo/execute", "{\"arguments\":{\"message\":\"allowed\"}}");
        assertThat(echo.status()).as(echo.toString()).isEqualTo(200);
        assertThat(echo.object().getString("status")).isEqualTo("SUCCESS");

        String denied = "operator-denied-" + UUID.randomUUID();
        JsonObject problem = assertProblem(operator.send(ExecutionIT.request("everything.trigger-long-running-operation",
                "{\"arguments\":{\"duration\":1,\"steps\":1}}", denied)), 403);
        assertThat(problem.getString("detail")).contains("rule 2").contains("long-running");
        assertThat(ExecutionIT.awaitExecution(denied).getString("status")).isEqualTo("REJECTED");

        String uncovered = "operator-uncovered-" + UUID.randomUUID();
        problem = assertProblem(operator.send(ExecutionIT.request("memory.read_graph", "{\"arguments\":{}}", uncovered)), 403);
        assertThat(problem.getString("detail")).contains("no rule").contains("memory.read_graph");
        assertThat(ExecutionIT.awaitExecution(uncovered).getString("error")).contains("no rule");

        // the same tool for an operator in the data team
        GatewayClient dataTeam = GatewayClient.as(Tokens.of("it-analyst", "operator", "data-team"));
        GatewayClient.Reply graph = dataTeam.post("/api/tools/memory.read_graph/execute", "{\"arguments\":{}}");
        assertThat(graph.status()).as(graph.toString()).isEqualTo(200);

        // an unknown tool the caller may not call is refused before it is looked up: nothing to learn by probing
        assertProblem(operator.post("/api/tools/filesystem.no-such-tool/execute", "{}"), 403);
    }

    @Test
    void thePolicyIsShownAndABadReplacementIsRefusedWithoutLosingTheOldOne() {
        JsonObject policy = admin.get("/api/access-policy").object();
        assertThat(policy.getJsonArray("rules")).hasSize(4);
        // gateway-it is a cluster member: once a policy was put through the API (ClusterIT does), the database's wins
        assertThat(policy.getString("source")).satisfiesAnyOf(source -> assertThat(source).endsWith("access-policy-it.yml"),
                source -> assertThat(source).startsWith("database"));

        JsonObject problem = assertProblem(admin.put("/api/access-policy", "application/json",
                "{\"rules\": [{\"roles\": [\"superuser\"], \"tools\": [], \"allow\": \"yes\", \"colour\": 1}]}"), 422);
        assertThat(problem.getJsonObject("extensions").getJsonArray("violations").toString())
                .contains("unknown role 'superuser'").contains("tools: required").contains("allow: required").contains("colour");
        assertProblem(admin.put("/api/access-policy", "application/json", "{not yaml: ["), 422);
        assertProblem(admin.put("/api/access-policy", "application/json", ""), 400);
        assertThat(admin.get("/api/access-policy").object()).isEqualTo(policy);
    }

    private static void assertUnauthorized(GatewayClient.Reply reply) {
        JsonObject problem = assertProblem(reply, 401);
        assertThat(problem.getString("detail")).contains("bearer token");
        assertThat(reply.header("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
    }
}
