package dev.mcphybrid.dogfood;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.events.SystemAlert;
import dev.mcphybrid.registry.ServerState;
import dev.mcphybrid.registry.ServerStateChanged;
import dev.mcphybrid.registry.ToolsChanged;
import dev.mcphybrid.security.SecretMask;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** From gateway events to queued observations: the no-loop filter, skipping while the memory server is away, dropping. */
class ObservationIntakeTest {

    private final List<Runnable> pendingDrains = new ArrayList<>();
    private final List<Observation> written = new ArrayList<>();
    private final DogfoodCounters counters = new DogfoodCounters();
    private final SecretMask secrets = new SecretMask();
    private boolean memoryConnected = true;
    private WriteQueue<Observation> queue = new WriteQueue<>(3, 10, pendingDrains::add, written::addAll);
    private ObservationIntake intake = intake();

    private ObservationIntake intake() {
        return new ObservationIntake(new FeedbackGuard("memory"), new NotableEvents(Clock.systemUTC()), () -> memoryConnected,
                secrets::mask, queue, counters);
    }

    private static ServerStateChanged down(String server) {
        return new ServerStateChanged(server, ServerState.HEALTHY, ServerState.UNHEALTHY, "killed");
    }

    private void drain() {
        new ArrayList<>(pendingDrains).forEach(Runnable::run);
        pendingDrains.clear();
    }

    @Test
    void a_notable_event_is_queued_for_the_worker() {
        intake.accept(down("victim"));
        assertThat(queue.size()).isEqualTo(1);
        drain();
        assertThat(written).singleElement().satisfies(o -> {
            assertThat(o.entity()).isEqualTo(GraphEntity.server("victim"));
            assertThat(o.text()).endsWith("server victim became UNHEALTHY: killed");
        });
    }

    @Test
    void what_the_writes_can_cause_is_suppressed_and_counted() {
        intake.accept(down("memory"));
        intake.accept(new ServerStateChanged("memory", ServerState.CONNECTING, ServerState.HEALTHY, null));
        intake.accept(new ToolsChanged("memory", List.of("read_graph"), List.of(), 1));
        intake.accept(SystemAlert.warning("tool-error-rate", "memory", "Tool memory.add_observations failed 10 of its last 20 calls"));
        intake.accept(SystemAlert.warning("circuit-breaker", "memory", "Circuit for memory opened"));

        assertThat(queue.size()).isZero();
        assertThat(pendingDrains).isEmpty();
        assertThat(counters.snapshot(true, "memory", 0).suppressed()).isEqualTo(5);
    }

    @Test
    void while_the_memory_server_is_not_connected_observations_are_skipped_not_queued() {
        memoryConnected = false;
        intake.accept(down("victim"));
        intake.accept(SystemAlert.warning("events", null, "Dropped event client"));
        assertThat(queue.size()).isZero();
        assertThat(counters.snapshot(true, "memory", 0).skipped()).isEqualTo(2);

        // what happened meanwhile still counts: the recovery is news once the memory server is back
        memoryConnected = true;
        intake.accept(new ServerStateChanged("victim", ServerState.CONNECTING, ServerState.HEALTHY, null));
        drain();
        assertThat(written).singleElement().satisfies(o -> assertThat(o.text()).contains("came back up"));
    }

    @Test
    void a_full_queue_drops_and_counts() {
        for (String server : List.of("a", "b", "c", "d", "e")) {
            intake.accept(down(server));
        }
        assertThat(queue.size()).isEqualTo(3);
        assertThat(counters.snapshot(true, "memory", queue.size()).dropped()).isEqualTo(2);
        assertThat(counters.snapshot(true, "memory", queue.size()).queued()).isEqualTo(3);
    }

    @Test
    void credentials_never_reach_the_memory_server_and_long_texts_are_cut() {
        secrets.register(Set.of("s3cr3t-token-value"));
        intake.accept(new ServerStateChanged("search", ServerState.HEALTHY, ServerState.UNHEALTHY,
                "401 for token s3cr3t-token-value"));
        intake.accept(new ServerStateChanged("chatty", ServerState.HEALTHY, ServerState.UNHEALTHY, "x".repeat(5000)));
        drain();
        assertThat(written.get(0).text()).endsWith("401 for token [REDACTED]").doesNotContain("s3cr3t");
        assertThat(written.get(1).text()).hasSize(ObservationIntake.MAX_TEXT + 1).endsWith("…");
    }
}
