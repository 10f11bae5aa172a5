package dev.mcphybrid.events;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replay ring: which events it still holds after wrapping, and reading on from an id. */
class EventHistoryTest {

    private final EventHistory history = new EventHistory(4);

    private void append(long... ids) {
        for (long id : ids) {
            history.append(GatewayEvent.of(id, EventType.EXECUTION, "s", Instant.now(), Json.createObjectBuilder().build()));
        }
    }

    private List<Long> after(long lastId, int atMost) {
        List<Long> ids = new ArrayList<>();
        history.forEachAfter(lastId, event -> {
            ids.add(event.id());
            return ids.size() < atMost;
        });
        return ids;
    }

    @Test
    void an_empty_history_holds_nothing() {
        assertThat(history.oldestId()).isZero();
        assertThat(history.newestId()).isZero();
        assertThat(after(0, 10)).isEmpty();
    }

    @Test
    void after_wrapping_it_holds_the_newest_events_and_reads_on_from_any_id() {
        append(1, 2, 3, 4, 5, 6, 7);
        assertThat(history.oldestId()).isEqualTo(4);
        assertThat(history.newestId()).isEqualTo(7);
        assertThat(after(0, 10)).containsExactly(4L, 5L, 6L, 7L);
        assertThat(after(5, 10)).containsExactly(6L, 7L);
        assertThat(after(7, 10)).isEmpty();
        assertThat(after(99, 10)).isEmpty();
    }

    @Test
    void a_reader_stops_when_it_has_enough() {
        append(1, 2, 3, 4, 5);
        assertThat(after(1, 2)).containsExactly(2L, 3L);
    }
}
