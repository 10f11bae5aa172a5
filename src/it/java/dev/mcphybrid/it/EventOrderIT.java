package dev.mcphybrid.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The events of one execution reach a subscriber in the order they happened: progress rising, the end last. */
@GatewayTest(servers = "everything")
class EventOrderIT {

    private static final String TOOL = "everything.trigger-long-running-operation";
    private static final int STEPS = 20;

    static final GatewayClient gateway = new GatewayClient();

    @Test
    void each_executions_progress_rises_and_its_end_comes_last() throws Exception {
        try (SseClient sse = new SseClient("/api/events/stream?types=execution&servers=everything", null)) {
            assertThat(sse.status()).isEqualTo(200);
            // two at once, so their events interleave on the stream while each must stay in its own order
            ExecutorService callers = Executors.newFixedThreadPool(2);
            List<Future<JsonObject>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                calls.add(callers.submit(() -> execute("{\"arguments\": {\"duration\": 2, \"steps\": " + STEPS + "}}")));
            }
            callers.shutdown();

            for (Future<JsonObject> call : calls) {
                JsonObject response = call.get();
                assertThat(response.getString("status")).isEqualTo("SUCCESS");
                String executionId = response.getString("executionId");
                sse.await(e -> executionId.equals(executionId(e)) && "finished".equals(data(e).getString("phase")),
                        Duration.ofSeconds(10));

                List<SseClient.Event> events = eventsOf(sse, executionId);
                assertThat(events).as("one stream delivers in id order").isSortedAccordingTo(Comparator.comparing(EventOrderIT::id));
                List<JsonObject> phases = events.stream().map(EventOrderIT::data).toList();
                assertThat(phases).allSatisfy(d -> assertThat(d.getString("toolId")).isEqualTo(TOOL));
                assertThat(phases.get(phases.size() - 1).getString("phase")).as("the end comes last").isEqualTo("finished");
                assertThat(phases.get(phases.size() - 1).getString("status")).isEqualTo("SUCCESS");

                List<JsonObject> before = phases.subList(0, phases.size() - 1);
                assertThat(before).allSatisfy(d -> assertThat(d.getString("phase")).isEqualTo("progress"));
                List<Double> progress = before.stream().map(d -> d.getJsonNumber("progress").doubleValue()).toList();
                assertThat(progress).as("every progress the caller got was streamed")
                        .hasSize(response.getJsonArray("progress").size()).hasSize(STEPS);
                for (int i = 1; i < progress.size(); i++) {
                    assertThat(progress.get(i)).as("progress strictly rises: " + progress).isGreaterThan(progress.get(i - 1));
                }
            }
        }
    }

    private static JsonObject execute(String body) {
        GatewayClient.Reply reply = gateway.post("/api/tools/" + TOOL + "/execute", body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.object();
    }

    private static List<SseClient.Event> eventsOf(SseClient sse, String executionId) {
        return sse.events("execution").stream().filter(e -> executionId.equals(executionId(e))).toList();
    }

    private static long id(SseClient.Event event) {
        return Long.parseLong(event.id());
    }

    private static JsonObject data(SseClient.Event event) {
        return event.json().getJsonObject("data");
    }

    private static String executionId(SseClient.Event event) {
        return "execution".equals(event.name()) ? data(event).getString("executionId", null) : null;
    }
}
