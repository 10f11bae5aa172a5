package dev.mcphybrid.events.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.events.EventType;
import dev.mcphybrid.events.GatewayEvent;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server-sent events wire format the streams write. */
class SseFramesTest {

    static GatewayEvent event(long id, EventType type, String message) {
        String json = Json.createObjectBuilder().add("id", String.valueOf(id)).add("type", type.wireName())
                .add("data", Json.createObjectBuilder().add("message", message)).build().toString();
        return new GatewayEvent(id, type, "s", Instant.EPOCH, Json.createObjectBuilder().build(), json,
                json.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void an_event_is_id_event_and_one_data_line_then_a_blank_line() {
        GatewayEvent event = event(42, EventType.SERVER_STATUS, "up");
        assertThat(text(SseFrames.events(List.of(event))))
                .isEqualTo("id: 42\nevent: server_status\ndata: " + event.json() + "\n\n");
    }

    @Test
    void a_batch_is_its_events_back_to_back_in_order() {
        GatewayEvent a = event(1, EventType.EXECUTION, "a");
        GatewayEvent b = event(2, EventType.LOG_ENTRY, "b");
        assertThat(text(SseFrames.events(List.of(a, b))))
                .isEqualTo("id: 1\nevent: execution\ndata: " + a.json() + "\n\nid: 2\nevent: log_entry\ndata: " + b.json() + "\n\n");
    }

    @Test
    void line_breaks_and_non_ascii_text_in_the_data_stay_inside_one_data_line() {
        GatewayEvent event = event(7, EventType.LOG_ENTRY, "two\nlines\r\nand ü €");
        String frame = text(SseFrames.events(List.of(event)));
        assertThat(frame.lines().filter(line -> line.startsWith("data: "))).singleElement()
                .satisfies(line -> assertThat(line).contains("two\\nlines\\r\\nand ü €"));
        assertThat(frame.split("\n", -1)).hasSize(5);
    }

    @Test
    void the_hello_sets_the_retry_delay() {
        assertThat(text(SseFrames.hello(3000))).isEqualTo("event: connected\nretry: 3000\ndata: {\"retryMs\":3000}\n\n");
    }

    @Test
    void lost_events_are_named_without_an_id_so_last_event_id_stays_the_last_event_received() {
        assertThat(text(SseFrames.lost(13, 39))).isEqualTo("event: events_lost\ndata: {\"fromId\":\"13\",\"toId\":\"39\"}\n\n");
    }

    @Test
    void a_comment_stays_one_comment_whatever_its_text() {
        assertThat(text(SseFrames.comment("heartbeat"))).isEqualTo(": heartbeat\n\n");
        assertThat(text(SseFrames.comment("closing: a\nb\rc"))).isEqualTo(": closing: a b c\n\n");
    }
}
