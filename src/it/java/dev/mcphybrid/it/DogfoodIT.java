package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dogfooding on the real gateway with the real server-memory: what happens to the other servers is written to the
 * memory server through the gateway's own execution path (audited as principal mcp-hybrid-server) and announced
 * as memory_update events.
 */
@GatewayTest
class DogfoodIT {

    static final String PRINCIPAL = "mcp-hybrid-server";

    static final GatewayClient gateway = new GatewayClient();

    @BeforeEach
    void allHealthy() {
        GatewayFixture.awaitAllHealthy(gateway);
    }

    @Test
    void a_killed_server_going_down_and_coming_back_is_remembered_in_the_memory_server() {
        try (SseClient updates = new SseClient("/api/events/stream?types=memory_update", null)) {
            assertThat(updates.status()).isEqualTo(200);
            killVictimAndAwaitItsRestart();

            Written down = awaitWritten(updates, "server victim became UNHEALTHY");
            Written up = awaitWritten(updates, "server victim came back up (HEALTHY) after being UNHEALTHY");
            assertThat(down.event().getString("serverId")).isEqualTo("memory");
            assertThat(down.data().getJsonArray("entities").getValuesAs(JsonString::getString)).contains("mcp-server:victim");
            assertThat(down.data().getInt("observationCount")).isPositive();

            // read back through the gateway: the exact texts are in the graph, on the victim's entity
            for (Written written : List.of(down, up)) {
                JsonObject entity = searchEntity(written.text(), "mcp-server:victim");
                assertThat(entity.getString("entityType")).isEqualTo("mcp_server");
                assertThat(entity.getJsonArray("observations").getValuesAs(JsonString::getString)).contains(written.text());
            }

            // each write is an audited execution of the gateway's own principal
            for (Written written : List.of(down, up)) {
                String executionId = written.data().getString("executionId");
                await("audit row of " + executionId).atMost(Duration.ofSeconds(15)).until(() ->
                        gateway.get("/api/executions?server=memory&principal=" + PRINCIPAL + "&limit=500").object()
                                .getJsonArray("items").stream().map(JsonValue::asJsonObject)
                                .anyMatch(item -> item.getString("id").equals(executionId)));
                JsonObject row = gateway.get("/api/executions/" + executionId).object();
                assertThat(row.getString("toolId")).isEqualTo("memory.add_observations");
                assertThat(row.getString("principal")).isEqualTo(PRINCIPAL);
                assertThat(row.getString("status")).isEqualTo("SUCCESS");
                assertThat(row.getString("requestId")).startsWith("dogfood-");
            }

            // and the status endpoint tells what the gateway stored there
            JsonObject stored = gateway.get("/api/status/memory-server").object().getJsonObject("stored");
            assertThat(stored.getJsonNumber("writes").longValue()).isPositive();
            assertThat(stored.getJsonNumber("observations").longValue()).isGreaterThanOrEqualTo(2);
            assertThat(stored.getJsonObject("writesByKind").keySet()).contains("add_observations");
        }
    }

    @Test
    void the_writes_do_not_cause_further_writes() {
        long before = dogfoodExecutions(Instant.EPOCH);
        killVictimAndAwaitItsRestart();

        // once the writes about the outage are done, nothing more is written while nothing happens
        await("dogfood writes settle").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(2))
                .until(new Settled()::check);
        long settled = dogfoodExecutions(Instant.EPOCH);
        assertThat(settled).as("the outage was written").isGreaterThan(before);
        McpServerProcess.sleep(3 * Long.getLong("it.health.interval-ms", 2000));
        assertThat(dogfoodExecutions(Instant.EPOCH)).as("dogfood executions after several quiet health cycles").isEqualTo(settled);
    }

    @Test
    void with_the_memory_server_disconnected_the_gateway_keeps_serving_and_counts_what_it_skips() {
        long skippedBefore = metric("gateway_dogfood_skipped_total");
        GatewayClient.Reply disconnected = gateway.delete("/api/servers/memory/disconnect");
        assertThat(disconnected.status()).as(disconnected.toString()).isEqualTo(200);
        try {
            GatewayFixture.awaitState(gateway, "memory", "DISCONNECTED", Duration.ofSeconds(10));
            Instant disconnectedAt = Instant.now();

            SupervisionIT.victim().destroyForcibly();
            GatewayFixture.awaitState(gateway, "victim", "UNHEALTHY", Duration.ofSeconds(10));
            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                GatewayClient.Reply echo = gateway.post("/api/tools/everything.echo/execute",
                        "{\"arguments\": {\"message\": \"dogfood-" + UUID.randomUUID() + "\"}}");
                assertThat(echo.status()).as(echo.toString()).isEqualTo(200);
                assertThat((System.nanoTime() - started) / 1_000_000).as("ms for a call while the memory server is away")
                        .isLessThan(2_000);
            }
            GatewayFixture.awaitState(gateway, "victim", "HEALTHY", Duration.ofSeconds(30));

            // the outage and the recovery were both notable, and neither could be written
            await("skipped writes counted").atMost(Duration.ofSeconds(10))
                    .until(() -> metric("gateway_dogfood_skipped_total") >= skippedBefore + 2);
            assertThat(Database.count("select count(*) from tool_execution where principal = ? and server_id = 'memory'"
                    + " and status = 'SUCCESS' and started_at > ?", PRINCIPAL, Timestamp.from(disconnectedAt))).isZero();
        } finally {
            gateway.post("/api/servers/memory/connect", null);
            GatewayFixture.awaitState(gateway, "memory", "HEALTHY", Duration.ofSeconds(30));
        }
    }

    /** An outage for the gateway to write about: the victim goes down and the gateway restarts it. */
    private static void killVictimAndAwaitItsRestart() {
        SupervisionIT.victim().destroyForcibly();
        GatewayFixture.awaitState(gateway, "victim", "UNHEALTHY", Duration.ofSeconds(10));
        GatewayFixture.awaitState(gateway, "victim", "HEALTHY", Duration.ofSeconds(30));
    }

    /** One observation the gateway announced, with the event that announced it. */
    record Written(JsonObject event, JsonObject data, String text) {
    }

    private static Written awaitWritten(SseClient updates, String fragment) {
        SseClient.Event event = updates.await(e -> "memory_update".equals(e.name()) && observationWith(e.json(), fragment) != null,
                Duration.ofSeconds(20));
        JsonObject envelope = event.json();
        return new Written(envelope, envelope.getJsonObject("data"), observationWith(envelope, fragment));
    }

    private static String observationWith(JsonObject envelope, String fragment) {
        JsonObject data = envelope.getJsonObject("data");
        if (!"add_observations".equals(data.getString("tool")) || !data.containsKey("observations")) {
            return null;
        }
        return data.getJsonArray("observations").stream().map(JsonValue::asJsonObject)
                .filter(o -> o.getString("entityName").equals("mcp-server:victim") && o.getString("text").contains(fragment))
                .map(o -> o.getString("text")).findFirst().orElse(null);
    }

    private static JsonObject searchEntity(String query, String name) {
        String body = Json.createObjectBuilder()
                .add("arguments", Json.createObjectBuilder().add("query", query)).build().toString();
        GatewayClient.Reply reply = gateway.post("/api/tools/memory.search_nodes/execute", body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.object().getJsonObject("result").getJsonObject("structuredContent").getJsonArray("entities").stream()
                .map(JsonValue::asJsonObject).filter(e -> e.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no entity " + name + " found for '" + query + "': " + reply.body()));
    }

    private static long dogfoodExecutions(Instant since) {
        return Database.count("select count(*) from tool_execution where principal = ? and started_at > ?", PRINCIPAL,
                Timestamp.from(since));
    }

    /** True once the number of dogfood executions stayed the same between two checks. */
    private static final class Settled {
        private long last = -1;

        boolean check() {
            long now = dogfoodExecutions(Instant.EPOCH);
            boolean same = now == last;
            last = now;
            return same;
        }
    }

    private static long metric(String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "\\{[^}]*}\\s+([0-9.E]+)").matcher(gateway.get("/metrics").body());
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
    }
}
