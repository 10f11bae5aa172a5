package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cluster of the integration tests: gateway-it (member it1, {@code gateway.url}) and gateway-it3 (member it3,
 * {@code gateway3.url}) on one PostgreSQL schema and one Redis, with HAProxy in front of both
 * ({@code gateway.lb.url}, no session affinity). HAProxy names the member that answered in X-Gateway-Backend.
 */
final class ClusterFixture {

    static final String IT1 = "it1";
    static final String IT3 = "it3";
    static final String IT3_SERVER = "gateway-it3";
    static final String BACKEND_HEADER = "X-Gateway-Backend";

    private ClusterFixture() {
    }

    static String url1() {
        return GatewayClient.url();
    }

    static String url3() {
        return System.getProperty("gateway3.url", "http://localhost:9182");
    }

    static String balancerUrl() {
        return System.getProperty("gateway.lb.url", "http://localhost:9190");
    }

    /** The {@code cluster} object of a member's /api/status. */
    static JsonObject cluster(GatewayClient member) {
        GatewayClient.Reply status = member.get("/api/status");
        assertThat(status.status()).as(status.toString()).isEqualTo(200);
        JsonObject cluster = status.object().getJsonObject("cluster");
        assertThat(cluster).as("/api/status has a cluster object: " + status.body()).isNotNull();
        return cluster;
    }

    static List<JsonObject> members(GatewayClient member) {
        return cluster(member).getJsonArray("members").stream().map(JsonValue::asJsonObject).toList();
    }

    static List<String> memberIds(GatewayClient member) {
        return members(member).stream().map(m -> m.getString("id")).sorted().toList();
    }

    static List<String> leaders(GatewayClient member) {
        return members(member).stream().filter(m -> m.getBoolean("leader", false)).map(m -> m.getString("id")).toList();
    }

    /** Until HAProxy has sent requests to both members, i.e. both passed its health check. */
    static GatewayClient awaitBalancedOverBoth() {
        GatewayClient balancer = GatewayFixture.readyGateway(balancerUrl());
        await("the balancer sends requests to it1 and it3").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> {
                    String first = backendOf(balancer.get("/health/ready"));
                    String second = backendOf(balancer.get("/health/ready"));
                    return first != null && second != null && !first.equals(second);
                });
        return balancer;
    }

    static String backendOf(GatewayClient.Reply reply) {
        return reply.header(BACKEND_HEADER).orElse(null);
    }

    /** One echo call on the stdio everything server of whichever member {@code gateway} reaches; its execution id. */
    static String echo(GatewayClient gateway, String message) {
        return echoReply(gateway, message).object().getString("executionId");
    }

    static GatewayClient.Reply echoReply(GatewayClient gateway, String message) {
        GatewayClient.Reply reply = gateway.post("/api/tools/everything.echo/execute",
                "{\"arguments\": {\"message\": \"" + message + "\"}}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.object().getString("status")).as(reply.toString()).isEqualTo("SUCCESS");
        return reply;
    }

    static String executionId(SseClient.Event event) {
        return event.json().getJsonObject("data").getString("executionId");
    }

    /** Starts gateway-it3 again (after a test killed it) and waits until it is ready. */
    static void restartIt3() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(System.getProperty("it.liberty.bin"), "start", IT3_SERVER).inheritIO().start();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("server start " + IT3_SERVER + " finished").isTrue();
        assertThat(process.exitValue()).as("server start " + IT3_SERVER + " exit code").isZero();
        GatewayFixture.readyGateway(url3());
    }
}
