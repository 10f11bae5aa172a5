package dev.mcphybrid.it;

import static dev.mcphybrid.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rate limits held in Redis: the get-annotated-message tools allow a burst of 3 and then one call per 10 s
 * (gateway.ratelimit.tools in the pom), counted across both gateway instances of the build.
 */
class RateLimitIT {

    private static final String TOOL = "everything-http.get-annotated-message";
    private static final String BODY = "{\"arguments\":{\"messageType\":\"success\"}}";

    @Test
    void theLimitIsSharedByTwoInstancesAndAnswers429WithRetryAfter() {
        GatewayClient first = GatewayClient.as(Tokens.operator());
        GatewayClient second = new GatewayClient(System.getProperty("gateway2.url", "http://localhost:9181"), null); // sign-in is off there
        await("second gateway connected").atMost(Duration.ofSeconds(60)).until(() ->
                second.get("/api/servers/everything-http/status").object().getString("state").equals("HEALTHY"));

        for (int i = 0; i < 2; i++) {
            GatewayClient.Reply reply = first.post("/api/tools/" + TOOL + "/execute", BODY);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        }
        GatewayClient.Reply third = second.post("/api/tools/" + TOOL + "/execute", BODY);
        assertThat(third.status()).as("the third call of the burst, on the other instance: " + third).isEqualTo(200);

        String requestId = "rate-limited-" + UUID.randomUUID();
        GatewayClient.Reply refused = second.send(ExecutionIT.request(TOOL, BODY, requestId).uri(
                java.net.URI.create(System.getProperty("gateway2.url", "http://localhost:9181") + "/api/tools/" + TOOL + "/execute")));
        JsonObject problem = assertProblem(refused, 429);
        assertThat(problem.getString("detail")).contains(TOOL).contains("retry in");
        assertThat(Long.parseLong(refused.header("Retry-After").orElseThrow())).isBetween(1L, 10L);
        assertProblem(first.post("/api/tools/" + TOOL + "/execute", BODY), 429);

        // other tools are not affected
        assertThat(first.post("/api/tools/everything-http.echo/execute", "{\"arguments\":{\"message\":\"still fine\"}}").status()).isEqualTo(200);
    }

    @Test
    void aRefusalIsAuditedAsRejected() {
        GatewayClient first = GatewayClient.as(Tokens.of("it-hasty", "operator"));
        String lastId = null;
        GatewayClient.Reply reply = null;
        for (int i = 0; i < 10; i++) {
            lastId = "hasty-" + i + "-" + UUID.randomUUID();
            reply = first.send(ExecutionIT.request("everything.get-annotated-message", BODY, lastId));
            if (reply.status() == 429) {
                break;
            }
        }
        assertProblem(reply, 429);
        JsonObject row = ExecutionIT.awaitExecution(lastId);
        assertThat(row.getString("status")).isEqualTo("REJECTED");
        assertThat(row.getString("error")).contains("rate limit");
    }
}
