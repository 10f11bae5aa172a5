package dev.mcphybrid.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.audit.ExecutionStatus;
import dev.mcphybrid.events.EventType;
import dev.mcphybrid.testing.RecordingBus;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How an execution's progress and end become streamed envelopes. */
class ExecutionEventPublisherTest {

    private final RecordingBus bus = new RecordingBus();

    @Test
    void an_execution_streams_its_progress_then_its_end_under_one_execution_id() {
        UUID id = UUID.randomUUID();
        publisher().progress(new ExecutionProgress(id, "s.slow", "s", 1, 2.0, "half"));
        publisher().progress(new ExecutionProgress(id, "s.slow", "s", 2, null, null));
        publisher().executed(new ToolExecuted(id, "s.slow", "s", ExecutionStatus.SUCCESS, false, 1200, "alice", null, Instant.now()));

        List<RecordingBus.Published> events = bus.published;
        assertThat(events).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.EXECUTION);
            assertThat(e.serverId()).isEqualTo("s");
            assertThat(e.data().getString("executionId")).isEqualTo(id.toString());
            assertThat(e.data().getString("toolId")).isEqualTo("s.slow");
        });
        assertThat(events).extracting(e -> e.data().getString("phase")).containsExactly("progress", "progress", "finished");
        JsonObject first = events.get(0).data();
        assertThat(first.getJsonNumber("progress").doubleValue()).isEqualTo(1.0);
        assertThat(first.getJsonNumber("total").doubleValue()).isEqualTo(2.0);
        assertThat(first.getString("message")).isEqualTo("half");
        assertThat(events.get(1).data().containsKey("total")).isFalse();
        JsonObject end = events.get(2).data();
        assertThat(end.getString("status")).isEqualTo("SUCCESS");
        assertThat(end.getInt("durationMs")).isEqualTo(1200);
        assertThat(end.getString("principal")).isEqualTo("alice");
        assertThat(end.containsKey("error")).isFalse();
    }

    private ExecutionEventPublisher publisher() {
        ExecutionEventPublisher publisher = new ExecutionEventPublisher();
        publisher.bus = bus;
        return publisher;
    }
}
