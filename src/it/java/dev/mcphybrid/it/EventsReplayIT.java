package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Last-Event-ID replay of more events than a client's queue holds (gateway.events.client-queue is 200 for the
 * tests): nothing between the queue's worth and the live events may go missing.
 */
@GatewayTest(allServers = true)
class EventsReplayIT {

    private static final String STREAM = "/api/events/stream?types=execution&servers=everything";
    /** Each echo call publishes one execution event (phase finished): more than a client queue holds. */
    private static final int MISSED = 260;
    private static final int DURING_REPLAY = 20;

    static final GatewayClient gateway = new GatewayClient();

    @Test
    void a_reconnect_gets_every_missed_event_exactly_once_and_in_order_then_the_live_ones() {
        String run = UUID.randomUUID().toString();
        // connected throughout, it sees live the order in which the gateway published everything
        try (SseClient witness = new SseClient(STREAM, null)) {
            String lastId;
            try (SseClient first = new SseClient(STREAM, null)) {
                String before = echo(run + "-before");
                lastId = first.await(e -> "execution".equals(e.name()) && before.equals(executionId(e)), Duration.ofSeconds(10)).id();
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < MISSED; i++) {
                expected.add(echo(run + "-missed-" + i));
            }
            try (SseClient second = new SseClient(STREAM, lastId)) {
                for (int i = 0; i < DURING_REPLAY; i++) {
                    expected.add(echo(run + "-live-" + i)); // published while the replay may still be under way
                }
                awaitAfter(witness, lastId, expected.size());
                awaitAfter(second, lastId, expected.size());
                McpServerProcess.sleep(500); // time for a duplicate to show

                List<SseClient.Event> replayed = after(second, lastId);
                assertThat(replayed.stream().map(EventsReplayIT::executionId).toList())
                        .as("every missed and live execution exactly once").containsExactlyInAnyOrderElementsOf(expected);
                assertThat(replayed.stream().map(e -> Long.parseLong(e.id())).toList()).isSorted().doesNotHaveDuplicates();
                assertThat(replayed.stream().map(e -> e.id() + " " + executionId(e)).toList())
                        .as("in the order the gateway published them")
                        .containsExactlyElementsOf(after(witness, lastId).stream().map(e -> e.id() + " " + executionId(e)).toList());
                assertThat(second.events("events_lost")).isEmpty();
            }
        }
    }

    private static String echo(String message) {
        GatewayClient.Reply reply = gateway.post("/api/tools/everything.echo/execute", "{\"arguments\": {\"message\": \"" + message + "\"}}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonObject result = reply.object();
        assertThat(result.getString("status")).isEqualTo("SUCCESS");
        return result.getString("executionId");
    }

    private static List<SseClient.Event> after(SseClient client, String lastId) {
        return client.events("execution").stream().filter(e -> Long.parseLong(e.id()) > Long.parseLong(lastId)).toList();
    }

    private static void awaitAfter(SseClient client, String lastId, int count) {
        client.await(e -> after(client, lastId).size() >= count, Duration.ofSeconds(30));
    }

    private static String executionId(SseClient.Event event) {
        return event.json().getJsonObject("data").getString("executionId");
    }
}
