package dev.mcphybrid.events.boundary;

import static dev.mcphybrid.events.boundary.SseFramesTest.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.events.EventType;
import dev.mcphybrid.events.GatewayEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LastBatchTest {

    @Test
    void the_same_events_are_encoded_once_and_different_ones_again() {
        AtomicInteger encodings = new AtomicInteger();
        LastBatch<String> last = new LastBatch<>(events -> "batch " + encodings.incrementAndGet());
        GatewayEvent a = event(1, EventType.EXECUTION, "a");
        GatewayEvent b = event(2, EventType.EXECUTION, "b");

        String first = last.encode(List.of(a, b));
        assertThat(last.encode(new ArrayList<>(List.of(a, b)))).isSameAs(first);
        assertThat(encodings).hasValue(1);

        assertThat(last.encode(List.of(a))).isEqualTo("batch 2");
        assertThat(last.encode(List.of(b, a))).as("order matters").isEqualTo("batch 3");
        assertThat(last.encode(List.of(event(1, EventType.EXECUTION, "a"), b))).as("another envelope with equal content")
                .isEqualTo("batch 4");
    }
}
