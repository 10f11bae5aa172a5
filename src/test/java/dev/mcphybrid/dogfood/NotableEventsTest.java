package dev.mcphybrid.dogfood;

import static dev.mcphybrid.registry.ServerState.CONNECTING;
import static dev.mcphybrid.registry.ServerState.DEGRADED;
import static dev.mcphybrid.registry.ServerState.DISCONNECTED;
import static dev.mcphybrid.registry.ServerState.HEALTHY;
import static dev.mcphybrid.registry.ServerState.UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.events.SystemAlert;
import dev.mcphybrid.registry.ServerState;
import dev.mcphybrid.registry.ServerStateChanged;
import dev.mcphybrid.registry.ToolsChanged;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which events become observations, and how they are worded. */
class NotableEventsTest {

    static final Instant NOW = Instant.parse("2026-11-26T03:40:00.123Z");

    private final NotableEvents notable = new NotableEvents(Clock.fixed(NOW, ZoneOffset.UTC));

    private Optional<Observation> state(String server, ServerState from, ServerState to, String error) {
        return notable.observe(new ServerStateChanged(server, from, to, error));
    }

    @Test
    void a_server_that_comes_up_goes_down_retries_and_comes_back_gives_three_observations() {
        assertThat(state("everything", DISCONNECTED, CONNECTING, null)).isEmpty();
        assertThat(state("everything", CONNECTING, HEALTHY, null)).contains(
                new Observation(GraphEntity.server("everything"), "2026-11-26T03:40:00Z server everything came up (HEALTHY)"));

        assertThat(state("everything", HEALTHY, UNHEALTHY, "process exited")).contains(new Observation(
                new GraphEntity("mcp-server:everything", "mcp_server"),
                "2026-11-26T03:40:00Z server everything became UNHEALTHY: process exited"));
        // failed reconnects are not news
        assertThat(state("everything", UNHEALTHY, CONNECTING, null)).isEmpty();
        assertThat(state("everything", CONNECTING, UNHEALTHY, "connection refused")).isEmpty();
        assertThat(state("everything", UNHEALTHY, CONNECTING, null)).isEmpty();

        assertThat(state("everything", CONNECTING, HEALTHY, null)).map(Observation::text)
                .contains("2026-11-26T03:40:00Z server everything came back up (HEALTHY) after being UNHEALTHY");
    }

    @Test
    void degraded_flaps_and_deliberate_disconnects_are_not_notable() {
        state("memory", CONNECTING, HEALTHY, null);
        assertThat(state("memory", HEALTHY, DEGRADED, "ping took 1500 ms")).isEmpty();
        assertThat(state("memory", DEGRADED, HEALTHY, null)).isEmpty();
        assertThat(state("memory", HEALTHY, DISCONNECTED, null)).isEmpty();
        assertThat(state("memory", DISCONNECTED, CONNECTING, null)).isEmpty();
        assertThat(state("memory", CONNECTING, HEALTHY, null)).isEmpty();
    }

    @Test
    void a_server_down_from_the_start_is_recorded_down_and_then_up() {
        assertThat(state("search", CONNECTING, UNHEALTHY, null)).map(Observation::text)
                .contains("2026-11-26T03:40:00Z server search became UNHEALTHY");
        assertThat(state("search", CONNECTING, HEALTHY, null)).map(Observation::text)
                .contains("2026-11-26T03:40:00Z server search came back up (HEALTHY) after being UNHEALTHY");
    }

    @Test
    void servers_are_tracked_separately() {
        state("a", CONNECTING, HEALTHY, null);
        state("a", HEALTHY, UNHEALTHY, "gone");
        assertThat(state("b", CONNECTING, HEALTHY, null)).map(Observation::text).hasValueSatisfying(t -> t.endsWith("came up (HEALTHY)"));
        assertThat(state("b", HEALTHY, UNHEALTHY, "gone too")).isPresent();
    }

    @Test
    void the_first_tool_list_is_recorded_and_then_only_real_changes() {
        assertThat(notable.observe(new ToolsChanged("everything", List.of("echo", "add", "sleep"), List.of(), 3)))
                .map(Observation::text).contains("2026-11-26T03:40:00Z server everything offers 3 tools: add, echo, sleep");

        // the server goes away and comes back with the same tools: its state changes tell that story
        assertThat(notable.observe(new ToolsChanged("everything", List.of(), List.of("add", "echo", "sleep"), 0))).isEmpty();
        assertThat(notable.observe(new ToolsChanged("everything", List.of("add", "echo", "sleep"), List.of(), 3))).isEmpty();

        assertThat(notable.observe(new ToolsChanged("everything", List.of("zip"), List.of("add"), 3))).map(Observation::text)
                .contains("2026-11-26T03:40:00Z server everything added tools zip; removed tools add (now 3)");
        assertThat(notable.observe(new ToolsChanged("everything", List.of(), List.of("sleep"), 2))).map(Observation::text)
                .contains("2026-11-26T03:40:00Z server everything removed tools sleep (now 2)");

        // back after an outage with a different set: compared with what it offered before
        notable.observe(new ToolsChanged("everything", List.of(), List.of("echo", "zip"), 0));
        assertThat(notable.observe(new ToolsChanged("everything", List.of("echo", "zip", "new"), List.of(), 3)))
                .map(Observation::text).contains("2026-11-26T03:40:00Z server everything added tools new (now 3)");
    }

    @Test
    void long_tool_lists_name_the_first_tools_and_count_the_rest() {
        List<String> tools = IntStream.range(0, NotableEvents.MAX_TOOL_NAMES + 5).mapToObj(i -> String.format("t%02d", i)).toList();
        String text = notable.observe(new ToolsChanged("big", tools, List.of(), tools.size())).orElseThrow().text();
        assertThat(text).contains("offers 35 tools: t00, t01").contains("t29 and 5 more").doesNotContain("t30");
    }

    @Test
    void alerts_land_on_their_server_or_on_the_gateway_with_their_own_time() {
        Instant at = Instant.parse("2026-11-26T03:41:07.900Z");
        assertThat(notable.observe(new SystemAlert(SystemAlert.Level.WARNING, "circuit-breaker", "search", "Circuit for search opened", at)))
                .contains(new Observation(GraphEntity.server("search"),
                        "2026-11-26T03:41:07Z WARNING alert from circuit-breaker: Circuit for search opened"));
        assertThat(notable.observe(new SystemAlert(SystemAlert.Level.WARNING, "events", null, "Dropped event client x", at)))
                .contains(new Observation(new GraphEntity("mcp-hybrid-server", "gateway"),
                        "2026-11-26T03:41:07Z WARNING alert from events: Dropped event client x"));
    }

    @Test
    void health_alerts_repeat_state_changes_and_are_not_recorded_twice() {
        assertThat(notable.observe(SystemAlert.warning("health", "victim", "Server victim is unhealthy"))).isEmpty();
        assertThat(notable.observe(SystemAlert.info("health", "victim", "Server victim recovered"))).isEmpty();
    }

    @Test
    void other_events_are_not_notable() {
        assertThat(notable.observe("something else")).isEmpty();
    }
}
