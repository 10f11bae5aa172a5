package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The health monitor against real processes: killed, stopped (hung) and restarted servers, with the gateway's
 * health interval at 2 s and ping timeout at 1 s (see the pom).
 */
@GatewayTest
class SupervisionIT {

    static final String VICTIM = "--gateway-it-victim";
    static final Duration INTERVAL = Duration.ofMillis(Long.getLong("it.health.interval-ms", 2000));
    static final Duration TIMEOUT = Duration.ofMillis(Long.getLong("it.health.timeout-ms", 1000));
    /** One interval to reach the next cycle, plus the ping timeout, plus scheduling slack. */
    static final Duration ONE_CYCLE = INTERVAL.plus(TIMEOUT).plusMillis(1500);

    static final GatewayClient gateway = new GatewayClient();

    /**
     * The stdio server the catalogue starts with {@link #VICTIM} on its command line, for tests to kill or stop: the
     * one gateway-it started (gateway-it3 reads the same catalogue and has a victim of its own).
     */
    static ProcessHandle victim() {
        return Processes.single(Processes.libertyServer("gateway-it"), VICTIM)
                .orElseThrow(() -> new AssertionError("victim process not found"));
    }

    @BeforeEach
    void allHealthy() {
        GatewayFixture.awaitAllHealthy(gateway);
    }

    @Test
    void a_killed_stdio_server_is_unhealthy_within_one_cycle_and_restarted_by_the_gateway() {
        ProcessHandle victim = victim();
        victim.destroyForcibly();
        Instant killed = Instant.now();

        JsonObject down = GatewayFixture.awaitState(gateway, "victim", "UNHEALTHY", ONE_CYCLE);
        assertThat(down.getString("lastError")).isNotBlank();
        assertThat(Duration.between(killed, Instant.now())).isLessThanOrEqualTo(ONE_CYCLE);
        otherServersStayHealthy();
        assertThat(gateway.get("/health/ready").status()).as("one server down keeps the gateway ready").isEqualTo(200);

        JsonObject up = GatewayFixture.awaitState(gateway, "victim", "HEALTHY", Duration.ofSeconds(20));
        assertThat(up.getInt("consecutiveFailures")).isZero();
        assertThat(up.getInt("toolCount")).isPositive();
        ProcessHandle restarted = victim();
        assertThat(restarted.pid()).isNotEqualTo(victim.pid());
    }

    @Test
    void a_hung_stdio_server_times_out_without_stretching_the_cycle() {
        ProcessHandle victim = victim();
        Processes.signal(victim, "STOP");
        try {
            GatewayFixture.awaitState(gateway, "victim", "UNHEALTHY", ONE_CYCLE);
            assertThat(gateway.get("/api/servers/victim/status").object().getString("lastError")).contains("timed out");
            otherServersStayHealthy();
            // a cycle that includes the hung server takes about one ping timeout, not more
            await().atMost(ONE_CYCLE).until(() -> lastCycleMillis() > 0);
            assertThat(lastCycleMillis()).isLessThan(TIMEOUT.toMillis() + 1000);
        } finally {
            Processes.signal(victim, "CONT");
        }
        GatewayFixture.awaitState(gateway, "victim", "HEALTHY", Duration.ofSeconds(20));
    }

    @Test
    void a_server_that_accepts_but_never_answers_does_not_delay_the_others() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            assertThat(gateway.post("/api/servers", """
                    {"id": "silent", "transport": "streamable-http", "url": "%s"}""".formatted(silent.url())).status()).isEqualTo(201);
            JsonObject down = GatewayFixture.awaitState(gateway, "silent", "UNHEALTHY", Duration.ofSeconds(15));
            // the first attempt times out; a retry in flight may report the SDK's wrapper of the same failure
            assertThat(down.getString("lastError")).containsPattern("timed out|failed to initialize");
            assertThat(silent.connectionsAccepted()).isPositive();

            // while it keeps timing out, every other server is still checked every interval
            Instant before = Instant.parse(gateway.get("/api/servers/everything/status").object().getString("lastCheckedAt"));
            await().atMost(INTERVAL.multipliedBy(2).plus(TIMEOUT)).until(() ->
                    Instant.parse(gateway.get("/api/servers/everything/status").object().getString("lastCheckedAt")).isAfter(before));
            assertThat(lastCycleMillis()).isLessThan(TIMEOUT.toMillis() + 1000);
            otherServersStayHealthy();
        } finally {
            gateway.delete("/api/servers/silent");
        }
    }

    @Test
    void a_network_server_that_dies_and_comes_back_is_reconnected() {
        try (McpServerProcess server = McpServerProcess.start("streamableHttp")) {
            assertThat(gateway.post("/api/servers", """
                    {"id": "comeback", "transport": "streamable-http", "url": "%s"}""".formatted(server.url())).status()).isEqualTo(201);
            GatewayFixture.awaitState(gateway, "comeback", "HEALTHY", Duration.ofSeconds(20));

            server.kill();
            GatewayFixture.awaitState(gateway, "comeback", "UNHEALTHY", ONE_CYCLE);
            otherServersStayHealthy();

            server.start();
            JsonObject up = GatewayFixture.awaitState(gateway, "comeback", "HEALTHY", Duration.ofSeconds(20));
            assertThat(up.getInt("toolCount")).isPositive();
        } finally {
            gateway.delete("/api/servers/comeback");
        }
    }

    @Test
    void server_everything_announces_a_tool_list_change_that_the_gateway_follows() {
        // server-everything registers its capability-dependent tools after initialize and sends list_changed
        JsonObject status = gateway.get("/api/servers/everything/status").object();
        assertThat(status.getInt("toolListChanges")).isPositive();
        assertThat(status.getString("toolsListedAt")).isNotBlank();
        assertThat(gateway.get("/api/servers/everything/tools").array()).hasSize(status.getInt("toolCount"));
    }

    private static void otherServersStayHealthy() {
        for (String id : List.of("everything", "everything-sse", "everything-http", "memory", "filesystem")) {
            assertThat(gateway.get("/api/servers/" + id + "/status").object().getString("state")).as(id).isEqualTo("HEALTHY");
        }
    }

    private static final Pattern CYCLE = Pattern.compile("(?m)^gateway_health_cycle_last_duration_milliseconds\\{[^}]*}\\s+([0-9.]+)");

    private static long lastCycleMillis() {
        Matcher matcher = CYCLE.matcher(gateway.get("/metrics").body());
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : -1;
    }
}
