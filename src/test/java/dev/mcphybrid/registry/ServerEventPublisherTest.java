package dev.mcphybrid.registry;

import static dev.mcphybrid.registry.ServerState.CONNECTING;
import static dev.mcphybrid.registry.ServerState.DEGRADED;
import static dev.mcphybrid.registry.ServerState.DISCONNECTED;
import static dev.mcphybrid.registry.ServerState.HEALTHY;
import static dev.mcphybrid.registry.ServerState.UNHEALTHY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.events.EventType;
import dev.mcphybrid.events.SystemAlert;
import dev.mcphybrid.testing.FiredEvents;
import dev.mcphybrid.testing.RecordingBus;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the registry's reports become streamed envelopes, and when a server's health raises an alert. */
class ServerEventPublisherTest {

    private final FiredEvents<SystemAlert> fired = new FiredEvents<>();
    private final List<FiredEvents.Fired<SystemAlert>> alerts = fired.fired();
    private final RecordingBus bus = new RecordingBus();
    private ServerEventPublisher publisher;

    @BeforeEach
    void publisher() {
        publisher = new ServerEventPublisher();
        publisher.bus = bus;
        publisher.ordered = FiredEvents.ordering();
        publisher.alerts = fired.event();
    }

    private void change(String server, ServerState previous, ServerState current, String error) {
        publisher.serverState(new ServerStateChanged(server, previous, current, error));
    }

    private List<RecordingBus.Published> published() {
        return bus.published;
    }

    @Test
    void every_state_change_is_published_as_server_status_in_the_order_it_was_observed() {
        change("a", DISCONNECTED, CONNECTING, null);
        change("a", CONNECTING, HEALTHY, null);
        change("a", HEALTHY, UNHEALTHY, "ping timed out");

        assertThat(published()).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.SERVER_STATUS);
            assertThat(e.serverId()).isEqualTo("a");
        });
        assertThat(published()).extracting(e -> e.data().getString("state")).containsExactly("CONNECTING", "HEALTHY", "UNHEALTHY");
        assertThat(published()).extracting(e -> e.data().getString("previous")).containsExactly("DISCONNECTED", "CONNECTING", "HEALTHY");
        assertThat(published().get(2).data().getString("error")).isEqualTo("ping timed out");
        assertThat(published().get(0).data().containsKey("error")).isFalse();
    }

    @Test
    void going_unhealthy_warns_once_and_coming_back_says_recovered_once() {
        change("a", HEALTHY, UNHEALTHY, "connection reset");
        change("a", UNHEALTHY, CONNECTING, null);
        change("a", CONNECTING, UNHEALTHY, "refused"); // a failed reconnect while still down
        change("a", UNHEALTHY, CONNECTING, null);
        change("a", CONNECTING, HEALTHY, null);
        change("a", HEALTHY, DEGRADED, null);
        change("a", DEGRADED, HEALTHY, null);

        assertThat(alerts).extracting(f -> f.event().level()).containsExactly(SystemAlert.Level.WARNING, SystemAlert.Level.INFO);
        assertThat(alerts.get(0).event().message()).isEqualTo("Server a is unhealthy: connection reset");
        assertThat(alerts.get(1).event().message()).isEqualTo("Server a recovered");
        assertThat(alerts).allSatisfy(f -> {
            assertThat(f.event().source()).isEqualTo("health");
            assertThat(f.event().serverId()).isEqualTo("a");
            assertThat(f.orderedBy()).as("alerts of a server stay in its order").isEqualTo("a");
        });
    }

    @Test
    void a_server_that_was_never_unhealthy_has_nothing_to_recover_from() {
        change("a", DISCONNECTED, CONNECTING, null);
        change("a", CONNECTING, HEALTHY, null);
        change("a", HEALTHY, DISCONNECTED, null);
        change("a", DISCONNECTED, CONNECTING, null);
        change("a", CONNECTING, HEALTHY, null);

        assertThat(alerts).isEmpty();
    }

    @Test
    void servers_are_tracked_apart() {
        change("a", HEALTHY, UNHEALTHY, null);
        change("b", HEALTHY, UNHEALTHY, null);
        change("b", UNHEALTHY, HEALTHY, null);
        change("a", CONNECTING, UNHEALTHY, null);

        assertThat(alerts).extracting(f -> f.event().message())
                .containsExactly("Server a is unhealthy", "Server b is unhealthy", "Server b recovered");
        change("a", UNHEALTHY, HEALTHY, null);
        assertThat(alerts).last().extracting(f -> f.event().message()).isEqualTo("Server a recovered");
    }

    @Test
    void a_removed_server_is_forgotten_and_its_unhealthy_warning_cleared() {
        change("gone", HEALTHY, UNHEALTHY, "ping timed out");
        change("kept", HEALTHY, UNHEALTHY, "ping timed out");
        alerts.clear();

        publisher.removed(new ServerRemoved("gone"));
        publisher.removed(new ServerRemoved("never-unhealthy"));

        assertThat(publisher.unhealthyCount()).isEqualTo(1);
        assertThat(alerts).singleElement().satisfies(fired -> {
            assertThat(fired.event().level()).isEqualTo(SystemAlert.Level.INFO);
            assertThat(fired.event().serverId()).isEqualTo("gone");
            assertThat(fired.event().message()).contains("removed");
            assertThat(fired.orderedBy()).isEqualTo("gone");
        });
        // back under the same id and unhealthy again: a new warning, not swallowed as a repeat
        change("gone", CONNECTING, UNHEALTHY, "connection refused");
        assertThat(alerts).hasSize(2).last().satisfies(fired -> assertThat(fired.event().level()).isEqualTo(SystemAlert.Level.WARNING));
    }
}
