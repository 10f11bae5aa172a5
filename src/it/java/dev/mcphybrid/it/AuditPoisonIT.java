package dev.mcphybrid.it;

import static dev.mcphybrid.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Values PostgreSQL cannot store never stop the audit trail: NUL is stored as U+FFFD, and a record the database
 * refuses anyway goes to the dead letters while the records behind it are written.
 */
@GatewayTest(servers = "everything")
class AuditPoisonIT {

    private static final GatewayClient gateway = new GatewayClient();

    @Test
    void a_nul_in_the_arguments_and_in_the_result_is_stored_as_the_replacement_character_and_later_rows_follow_at_once() {
        String run = "nul-" + UUID.randomUUID();
        // the JSON escape \u0000 in the request; the echo server sends the NUL back in its result
        int status = gateway.send(ExecutionIT.request("everything.echo", "{\"arguments\": {\"message\": \"a\\u0000b\"}}", run)).status();
        assertThat(status).isEqualTo(200);
        ExecutionIT.awaitExecution(run);
        assertThat(Database.text("select arguments->>'message' from tool_execution where request_id = ?", run)).isEqualTo("a\uFFFDb");
        assertThat(Database.text("select arguments::text from tool_execution where request_id = ?", run))
                .isEqualTo("{\"message\": \"a\uFFFDb\"}");
        assertThat(Database.text("select result_summary from tool_execution where request_id = ?", run))
                .contains("a\uFFFDb").doesNotContain("\u0000");

        long started = System.nanoTime();
        List<Integer> statuses = IntStream.range(0, 20).mapToObj(i -> gateway.send(ExecutionIT.request("everything.echo",
                "{\"arguments\": {\"message\": \"after-nul-" + i + "\"}}", run + "-" + i)).status()).toList();
        assertThat(statuses).allMatch(s -> s == 200);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() ->
                Database.count("select count(*) from tool_execution where request_id like ?", run + "-%") == 20);
        System.out.println("20 calls after a NUL: all rows stored " + (System.nanoTime() - started) / 1_000_000 + " ms after the first call");

        // the status checks the database at most every 5 s: after another test's outage it may take that long
        await().atMost(Duration.ofSeconds(15)).until(() -> gateway.get("/api/status").object().getJsonObject("database").getBoolean("reachable"));
        JsonObject gatewayStatus = gateway.get("/api/status").object();
        assertThat(gatewayStatus.getJsonObject("audit").getBoolean("spooling")).isFalse();
        assertThat(gatewayStatus.getJsonObject("audit").getInt("spooledFiles")).isZero();
        assertThat(gatewayStatus.getJsonArray("reasons").toString()).doesNotContain("database", "audit");
    }

    @Test
    void a_record_the_database_refuses_goes_to_the_dead_letters_is_alerted_counted_listed_and_replays_once_fixed() {
        String marker = "refuse-me-" + UUID.randomUUID();
        String constraint = "it_refuse_" + marker.substring(marker.length() - 12);
        Database.execute("alter table tool_execution add constraint " + constraint
                + " check (arguments->>'message' is distinct from '" + marker + "') not valid");
        String id;
        try (SseClient alerts = new SseClient("/api/events/stream?types=system_alert", null)) {
            String refused = marker + "-call";
            gateway.send(ExecutionIT.request("everything.echo", "{\"arguments\": {\"message\": \"" + marker + "\"}}", refused));
            List<String> good = IntStream.range(0, 10).mapToObj(i -> marker + "-good-" + i).toList();
            good.forEach(requestId -> gateway.send(ExecutionIT.request("everything.echo",
                    "{\"arguments\": {\"message\": \"" + requestId + "\"}}", requestId)));

            await().atMost(Duration.ofSeconds(5)).until(() ->
                    Database.count("select count(*) from tool_execution where request_id like ?", marker + "-good-%") == 10);
            SseClient.Event alert = alerts.await(SystemAlerts.alert("audit", "WARNING", "refused by the database"), Duration.ofSeconds(10));
            assertThat(alert.json().getJsonObject("data").getString("message")).contains("23514", constraint);

            JsonObject list = gateway.get("/api/executions/dead-letters").object();
            JsonObject letter = list.getJsonArray("deadLetters").getValuesAs(JsonObject.class).stream()
                    .filter(l -> l.getJsonObject("record").getString("requestId").equals(refused)).findFirst().orElseThrow();
            id = letter.getString("id");
            assertThat(letter.getString("sqlState")).isEqualTo("23514");
            assertThat(letter.getString("reason")).contains(constraint);
            assertThat(letter.getInt("attempts")).isEqualTo(1);
            assertThat(Database.count("select count(*) from tool_execution where request_id = ?", refused)).isZero();
            assertThat(gateway.get("/api/executions/dead-letters/" + id).object().getString("id")).isEqualTo(id);
            assertThat(deadLettersGauge()).isGreaterThanOrEqualTo(1);
            JsonObject status = gateway.get("/api/status").object();
            assertThat(status.getJsonObject("audit").getInt("deadLetters")).isGreaterThanOrEqualTo(1);
            assertThat(status.getJsonObject("audit").getBoolean("spooling")).isFalse();
            assertThat(status.getJsonObject("database").getBoolean("reachable")).isTrue();

            // only admins, and every mistake is a problem
            assertProblem(GatewayClient.as(Tokens.viewer()).get("/api/executions/dead-letters"), 403);
            assertProblem(GatewayClient.as(Tokens.operator()).post("/api/executions/dead-letters/" + id + "/replay", null), 403);
            assertProblem(gateway.get("/api/executions/dead-letters/not-a-uuid"), 400);
            assertProblem(gateway.get("/api/executions/dead-letters?limit=0"), 400);
            assertProblem(gateway.get("/api/executions/dead-letters/" + UUID.randomUUID()), 404);
            assertProblem(gateway.post("/api/executions/dead-letters/" + UUID.randomUUID() + "/replay", null), 404);
            assertProblem(gateway.delete("/api/executions/dead-letters/" + UUID.randomUUID()), 404);

            // still refused: stays, with the attempt counted
            JsonObject stillRefused = assertProblem(gateway.post("/api/executions/dead-letters/" + id + "/replay", null), 409);
            assertThat(stillRefused.getString("detail")).contains(constraint);
            assertThat(gateway.get("/api/executions/dead-letters/" + id).object().getInt("attempts")).isEqualTo(2);
        } finally {
            Database.execute("alter table tool_execution drop constraint if exists " + constraint);
        }

        JsonObject replayed = gateway.post("/api/executions/dead-letters/" + id + "/replay", null).object();
        assertThat(replayed.getString("result")).isEqualTo("WRITTEN");
        assertThat(Database.text("select arguments->>'message' from tool_execution where id = ?::uuid", id)).isEqualTo(marker);
        assertProblem(gateway.get("/api/executions/dead-letters/" + id), 404);
        assertThat(gateway.get("/api/executions/dead-letters").object().getJsonArray("deadLetters").toString()).doesNotContain(id);
        assertThat(gateway.post("/api/executions/dead-letters/replay", null).object().getInt("remaining")).isZero();
        assertThat(deadLettersGauge()).isZero();
    }

    @Test
    void a_database_outage_keeps_the_gateway_ready_and_only_degraded_while_calls_spool() {
        String run = "outage-ready-" + UUID.randomUUID();
        Database.cutGatewayConnection(true);
        try {
            assertThat(gateway.send(ExecutionIT.request("everything.echo", "{\"arguments\": {\"message\": \"x\"}}", run)).status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> gateway.get("/api/status").object().getJsonObject("audit").getBoolean("spooling"));
            // the status checks the database at most every 5 s
            await().atMost(Duration.ofSeconds(15)).until(() ->
                    gateway.get("/api/status").object().getJsonArray("reasons").toString().contains("database unreachable"));
            JsonObject status = gateway.get("/api/status").object();
            assertThat(status.getString("status")).as(status.toString()).isEqualTo("DEGRADED");
            assertThat(status.getJsonArray("reasons").toString()).contains("database unreachable", "audit records are spooling");
            GatewayClient.Reply ready = GatewayClient.anonymous().get("/health/ready");
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);
            assertThat(ready.body()).contains("\"reachable\":false", "spooling to disk");
        } finally {
            Database.cutGatewayConnection(false);
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Database.count("select count(*) from tool_execution where request_id = ?", run) == 1);
        assertThat(GatewayClient.anonymous().get("/health/started").status()).isEqualTo(200);
    }

    private static double deadLettersGauge() {
        String metrics = GatewayClient.anonymous().get("/metrics").body();
        Matcher value = Pattern.compile("(?m)^gateway_audit_dead_letters\\{[^}]*} ([0-9.eE+-]+)$").matcher(metrics);
        assertThat(value.find()).as("gateway_audit_dead_letters in /metrics").isTrue();
        return Double.parseDouble(value.group(1));
    }
}
