package dev.mcphybrid.events.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.events.EventType;
import dev.mcphybrid.events.GatewayEvent;
import dev.mcphybrid.events.ReferenceBroadcaster;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's reference broadcaster frames events byte for byte as the gateway does, or the comparison is unfair. */
class ReferenceFramingTest {

    private static GatewayEvent event(long id) {
        var data = Json.createObjectBuilder().add("phase", "finished").add("executionId", "e-" + id).add("toolId", "everything.echo")
                .add("status", "SUCCESS").add("cached", false).add("durationMs", 3).add("principal", "p").build();
        String json = Json.createObjectBuilder().add("id", String.valueOf(id)).add("type", "execution").add("serverId", "everything")
                .add("timestamp", Instant.parse("2026-11-30T10:00:00.123456Z").toString()).add("data", data).build().toString();
        return new GatewayEvent(id, EventType.EXECUTION, "everything", Instant.parse("2026-11-30T10:00:00.123456Z"), data, json,
                json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sse_frames_are_the_gateways_for_one_event_and_for_a_batch() {
        assertThat(ReferenceBroadcaster.sseFrames(List.of(event(7)))).isEqualTo(SseFrames.events(List.of(event(7))));
        List<GatewayEvent> batch = List.of(event(8), event(9), event(10));
        assertThat(new String(ReferenceBroadcaster.sseFrames(batch), StandardCharsets.UTF_8))
                .isEqualTo(new String(SseFrames.events(batch), StandardCharsets.UTF_8))
                .startsWith("id: 8\nevent: execution\ndata: {\"id\":\"8\",");
    }

    @Test
    void websocket_text_is_the_gateways_an_object_alone_and_an_array_for_a_batch() {
        assertThat(ReferenceBroadcaster.webSocketText(List.of(event(7)))).isEqualTo(WebSocketSink.text(List.of(event(7)))).startsWith("{");
        List<GatewayEvent> batch = List.of(event(8), event(9));
        assertThat(ReferenceBroadcaster.webSocketText(batch)).isEqualTo(WebSocketSink.text(batch)).startsWith("[{").endsWith("}]");
    }
}
