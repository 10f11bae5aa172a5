package dev.mcphybrid.it;

import static dev.mcphybrid.it.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Live events over SSE and WebSocket from the running gateway and real servers. */
@GatewayTest
class EventsIT {

    /** What server-everything writes to stderr first when it starts on stdio. */
    static final String EVERYTHING_STDIO_START = "Starting default (STDIO) server";
    static final List<String> WARNING_OR_HIGHER = List.of("warning", "error", "critical", "alert", "emergency");
    static final int CALLS_PER_ROUND = 50;
    static final int LARGE_EVENTS_PER_ROUND = 50;
    /** A tool nobody lists: each call is refused (404) and published as an execution event of ~12 KB. */
    static final String LONG_UNKNOWN_TOOL = "everything.no-such-tool-" + "x".repeat(6_000);
    /** 40 rounds publish ~24 MB: far more than the socket buffers and the client queue (200 here) hold. */
    static final int MAX_ROUNDS_TO_DROP = 40;

    static final GatewayClient gateway = new GatewayClient();

    @BeforeEach
    void healthy() {
        GatewayFixture.awaitAllHealthy(gateway);
    }

    @Test
    void a_killed_server_going_down_and_coming_back_is_streamed_alerted_and_logged() {
        Map<String, Integer> linesBefore = logLinesBySource();
        Instant killed;
        try (SseClient sse = new SseClient("/api/events/stream?types=server_status&servers=victim", null);
             WebSocketClient ws = new WebSocketClient(true);
             SseClient alerts = new SseClient("/api/events/stream?types=system_alert&servers=victim", null);
             SseClient warnings = new SseClient("/api/logs/stream?level=warning", null)) {
            assertThat(sse.status()).isEqualTo(200);
            ws.send("{\"action\":\"subscribe\",\"types\":[\"server_status\"],\"servers\":[\"victim\"]}");
            ws.awaitReply(r -> "subscribed".equals(r.getString("type", null)), Duration.ofSeconds(5));
            assertThat(sse.rawLines()).anySatisfy(line -> assertThat(line).isEqualTo("retry: 3000"));

            killed = Instant.now();
            SupervisionIT.victim().destroyForcibly();

            sse.await(e -> "server_status".equals(e.name()) && "UNHEALTHY".equals(e.json().getJsonObject("data").getString("state")),
                    Duration.ofSeconds(10));
            sse.await(e -> "server_status".equals(e.name()) && "HEALTHY".equals(e.json().getJsonObject("data").getString("state")),
                    Duration.ofSeconds(30));
            ws.awaitEnvelope(e -> "UNHEALTHY".equals(e.getJsonObject("data").getString("state")), Duration.ofSeconds(10));
            ws.awaitEnvelope(e -> "HEALTHY".equals(e.getJsonObject("data").getString("state")), Duration.ofSeconds(30));

            assertThat(sse.events()).filteredOn(e -> !"connected".equals(e.name())).allSatisfy(e -> {
                assertThat(e.name()).isEqualTo("server_status");
                assertThat(e.json().getString("serverId")).isEqualTo("victim");
                assertThat(e.json().getString("id")).isEqualTo(e.id());
            });
            assertThat(ws.envelopes()).allSatisfy(e -> {
                assertThat(e.getString("type")).isEqualTo("server_status");
                assertThat(e.getString("serverId")).isEqualTo("victim");
            });

            SseClient.Event down = alerts.await(SystemAlerts.alert("health", "WARNING", "Server victim is unhealthy"), Duration.ofSeconds(10));
            SseClient.Event up = alerts.await(SystemAlerts.alert("health", "INFO", "Server victim recovered"), Duration.ofSeconds(30));
            assertThat(Long.parseLong(up.id())).as("recovered after it went down").isGreaterThan(Long.parseLong(down.id()));

            warnings.await(e -> "log_entry".equals(e.name()) && logData(e).getString("message").startsWith("Server victim: ")
                    && logData(e).getString("message").contains("-> UNHEALTHY"), Duration.ofSeconds(10));
            assertThat(warnings.events()).filteredOn(e -> !"connected".equals(e.name())).allSatisfy(e -> {
                assertThat(e.name()).isEqualTo("log_entry");
                assertThat(logData(e).getString("level")).isIn(WARNING_OR_HIGHER);
            });
        }
        assertTheRestartedVictimLoggedToStderr(killed);
        Map<String, Integer> linesAfter = logLinesBySource();
        assertThat(linesAfter.get("victim")).as("victim log lines").isGreaterThan(linesBefore.getOrDefault("victim", 0));
        assertThat(linesAfter.get("gateway")).as("gateway log lines").isGreaterThan(linesBefore.get("gateway"));
    }

    /** Stderr lines of a stdio server are kept under its id, with logger "stderr". */
    private static void assertTheRestartedVictimLoggedToStderr(Instant killed) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(gateway.get("/api/logs?source=victim&q=" + query(EVERYTHING_STDIO_START)).object().getJsonArray("items"))
                        .map(JsonValue::asJsonObject)
                        .anySatisfy(line -> {
                            assertThat(line.getString("logger")).isEqualTo("stderr");
                            assertThat(line.getString("source")).isEqualTo("victim");
                            assertThat(line.getString("message")).contains(EVERYTHING_STDIO_START);
                            assertThat(Instant.parse(line.getString("timestamp"))).isAfter(killed);
                        }));
    }

    @Test
    void a_tool_that_keeps_failing_raises_an_error_rate_alert_and_clears_it_once_it_works_again() {
        String tool = "everything.get-resource-reference";
        try (SseClient alerts = new SseClient("/api/events/stream?types=system_alert&servers=everything", null)) {
            // resource ids start at 1: the server answers 0 with an error result (isError), which counts as a failure
            for (int i = 0; i < 10; i++) {
                assertThat(execute(tool, "{\"arguments\": {\"resourceId\": 0}}").getString("status")).isEqualTo("ERROR");
            }
            alerts.await(SystemAlerts.alert("tool-error-rate", "WARNING", "Tool " + tool + " failed 10 of its last 10 calls"),
                    Duration.ofSeconds(5));

            // in a window of 20, fewer than a quarter failed clears it: 16 successes in a row, and two more in case
            // the asynchronous observer sees the last calls in a slightly different order
            for (int i = 0; i < 18; i++) {
                assertThat(execute(tool, "{\"arguments\": {\"resourceId\": 1}}").getString("status")).isEqualTo("SUCCESS");
            }
            alerts.await(SystemAlerts.alert("tool-error-rate", "INFO", "Tool " + tool + " is back below"), Duration.ofSeconds(5));
        }
    }

    @Test
    void server_everything_logging_arrives_as_log_entries() {
        try (SseClient logs = new SseClient("/api/logs/stream?source=everything-http", null)) {
            execute("everything-http.toggle-simulated-logging", "{}");
            try {
                SseClient.Event entry = logs.await(e -> "log_entry".equals(e.name()), Duration.ofSeconds(30));
                JsonObject data = entry.json().getJsonObject("data");
                assertThat(data.getString("source")).isEqualTo("everything-http");
                assertThat(data.getString("level")).isNotBlank();
                assertThat(data.getString("message")).isNotBlank();
            } finally {
                execute("everything-http.toggle-simulated-logging", "{}");
            }
        }
        JsonObject page = gateway.get("/api/logs?source=everything-http").object();
        assertThat(page.getInt("total")).isPositive();
        assertThat(gateway.get("/api/logs/sources").body()).contains("\"source\":\"everything-http\"", "\"source\":\"gateway\"");
        assertThat(gateway.get("/api/logs?source=gateway&q=connected&limit=5").object().getInt("total")).isPositive();
    }

    @Test
    void filters_deliver_only_what_was_asked() {
        try (SseClient sse = new SseClient("/api/events/stream?types=execution&servers=everything-sse", null);
             WebSocketClient ws = new WebSocketClient(true)) {
            ws.send("{\"action\":\"subscribe\",\"types\":[\"execution\"],\"servers\":[\"everything-http\"]}");
            ws.awaitReply(r -> "subscribed".equals(r.getString("type", null)), Duration.ofSeconds(5));
            for (String server : List.of("everything", "everything-sse", "everything-http")) {
                execute(server + ".get-sum", "{\"arguments\": {\"a\": 3, \"b\": " + System.nanoTime() % 100000 + "}}");
            }
            sse.await(e -> "execution".equals(e.name()), Duration.ofSeconds(5));
            ws.awaitEnvelope(e -> "execution".equals(e.getString("type")), Duration.ofSeconds(5));
            McpServerProcess.sleep(500);
            assertThat(sse.events()).filteredOn(e -> !"connected".equals(e.name()))
                    .allSatisfy(e -> assertThat(e.json().getString("serverId")).isEqualTo("everything-sse"));
            assertThat(ws.envelopes()).allSatisfy(e -> assertThat(e.getString("serverId")).isEqualTo("everything-http"));

            ws.send("{\"action\":\"unsubscribe\",\"types\":[\"execution\"]}");
            ws.awaitReply(r -> "unsubscribe".equals(r.getString("action", null)), Duration.ofSeconds(5));
            int before = ws.envelopes().size();
            execute("everything-http.get-sum", "{\"arguments\": {\"a\": 4, \"b\": " + System.nanoTime() % 100000 + "}}");
            McpServerProcess.sleep(500);
            assertThat(ws.envelopes()).hasSize(before);
        }
    }

    @Test
    void reconnecting_with_last_event_id_replays_the_missed_events_exactly_once_and_in_order() {
        String path = "/api/events/stream?types=execution&servers=everything";
        String lastId;
        try (SseClient first = new SseClient(path, null)) {
            for (int i = 0; i < 3; i++) {
                execute("everything.get-sum", "{\"arguments\": {\"a\": 7, \"b\": " + System.nanoTime() % 100000 + "}}");
            }
            first.await(e -> first.events("execution").size() >= 3, Duration.ofSeconds(5));
            List<SseClient.Event> seen = first.events("execution");
            lastId = seen.get(seen.size() - 1).id();
        }
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            missed.add(execute("everything.get-sum", "{\"arguments\": {\"a\": 8, \"b\": " + System.nanoTime() % 100000 + "}}")
                    .getString("executionId"));
        }
        try (SseClient second = new SseClient(path, lastId)) {
            second.await(e -> second.events("execution").size() >= 5, Duration.ofSeconds(5));
            McpServerProcess.sleep(300);
            List<SseClient.Event> replayed = second.events("execution");
            assertThat(replayed.stream().map(e -> e.json().getJsonObject("data").getString("executionId")).toList())
                    .containsExactlyElementsOf(missed);
            List<Long> ids = replayed.stream().map(e -> Long.parseLong(e.id())).toList();
            assertThat(ids).isSorted().doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isGreaterThan(Long.parseLong(lastId)));
        }
    }

    @Test
    void bad_subscriptions_get_an_error_and_the_connection_stays() {
        try (WebSocketClient ws = new WebSocketClient(true)) {
            ws.send("this is not json");
            ws.awaitReply(r -> "error".equals(r.getString("type", null)) && r.getString("message").contains("malformed JSON"), Duration.ofSeconds(5));
            ws.send("{\"action\":\"subscribe\",\"types\":[\"bogus\"]}");
            ws.awaitReply(r -> "error".equals(r.getString("type", null)) && r.getString("message").contains("bogus"), Duration.ofSeconds(5));
            ws.send("{\"action\":\"dance\"}");
            ws.awaitReply(r -> "error".equals(r.getString("type", null)) && r.getString("message").contains("dance"), Duration.ofSeconds(5));
            ws.send("{\"action\":\"subscribe\",\"types\":\"execution\"}");
            ws.awaitReply(r -> "error".equals(r.getString("type", null)) && r.getString("message").contains("array"), Duration.ofSeconds(5));
            ws.send("[1,2]");
            ws.awaitReply(r -> "error".equals(r.getString("type", null)) && r.getString("message").contains("object"), Duration.ofSeconds(5));

            ws.send("{\"action\":\"subscribe\",\"types\":[\"execution\"],\"servers\":[\"everything\"]}");
            ws.awaitReply(r -> "subscribed".equals(r.getString("type", null)), Duration.ofSeconds(5));
            execute("everything.get-sum", "{\"arguments\": {\"a\": 9, \"b\": " + System.nanoTime() % 100000 + "}}");
            ws.awaitEnvelope(e -> "execution".equals(e.getString("type")), Duration.ofSeconds(5));
            assertThat(ws.closeCode()).isNull();
        }
        assertProblem(gateway.get("/api/events/stream?types=bogus"), 400);
        assertProblem(gateway.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                System.getProperty("gateway.url", "http://localhost:9180") + "/api/events/stream"))
                .header("Last-Event-ID", "abc").GET()), 400);
        assertProblem(gateway.get("/api/logs?level=loud"), 400);
        assertProblem(gateway.get("/api/logs?since=yesterday"), 400);
        assertProblem(gateway.get("/api/logs/stream?level=loud"), 400);
    }

    @Test
    void a_client_that_stops_reading_is_dropped_without_delaying_the_others() throws Exception {
        long droppedBefore = eventFigures().getJsonNumber("dropped").longValue();
        int dropLogLinesBefore = dropLogLines();
        try (SseClient normal = new SseClient("/api/events/stream?types=execution&servers=everything-http", null);
             SseClient alerts = new SseClient("/api/events/stream?types=system_alert", null);
             WebSocketClient reader = new WebSocketClient(true)) {
            reader.send("{\"action\":\"subscribe\",\"types\":[\"execution\"],\"servers\":[\"everything-http\"]}");
            reader.awaitReply(r -> "subscribed".equals(r.getString("type", null)), Duration.ofSeconds(5));
            int clientsWithoutStalled = eventFigures().getInt("clients");
            // unfiltered, so it is sent every event; it never reads, so the socket buffers and then its queue on the
            // bus fill up
            try (RawEventSocket stalled = RawEventSocket.webSocket(4 * 1024)) {
                assertThat(stalled.statusLine()).contains(" 101 ");
                int calls = 0;
                long allDone = 0;
                for (int round = 0; eventFigures().getJsonNumber("dropped").longValue() == droppedBefore; round++) {
                    assertThat(round).as("rounds of %d calls and %d large events without the stalled client being dropped",
                            CALLS_PER_ROUND, LARGE_EVENTS_PER_ROUND).isLessThan(MAX_ROUNDS_TO_DROP);
                    publishRound();
                    calls += CALLS_PER_ROUND;
                    allDone = System.nanoTime();
                }
                int made = calls;
                normal.await(e -> normal.events("execution").size() >= made, Duration.ofSeconds(10));
                reader.awaitEnvelope(e -> reader.envelopes().size() >= made, Duration.ofSeconds(10));
                long lastArrival = normal.events("execution").get(made - 1).receivedNanos();
                assertThat((lastArrival - allDone) / 1_000_000).as("ms after the last call until the normal client had every event")
                        .isLessThan(2_000);
                assertThat(reader.batchSizes()).as("high-frequency events are batched").anySatisfy(size -> assertThat(size).isGreaterThan(1));

                alerts.await(SystemAlerts.alert("events", "WARNING", "stopped reading"), Duration.ofSeconds(5));
                await().atMost(Duration.ofSeconds(5)).until(() -> dropLogLines() > dropLogLinesBefore);
                await().atMost(Duration.ofSeconds(5)).until(() -> eventFigures().getInt("clients") <= clientsWithoutStalled);
                RawEventSocket.Frame close = stalled.awaitClose(Duration.ofSeconds(10));
                assertThat(close.closeCode()).as("close code: try again later").isEqualTo(1013);
                assertThat(close.closeReason()).startsWith("too slow: stopped reading");
            }
        }
    }

    @Test
    void logs_are_filtered_by_level_and_paged() {
        JsonObject all = gateway.get("/api/logs?limit=500").object();
        assertThat(all.getJsonArray("items")).map(v -> v.asJsonObject().getString("level")).contains("info");
        // the gateway under test warns at start-up that it signs with the development key pair
        JsonObject warnings = gateway.get("/api/logs?level=warning&limit=500").object();
        assertThat(warnings.getInt("total")).isPositive().isLessThan(all.getInt("total"));
        assertThat(warnings.getJsonArray("items")).map(v -> v.asJsonObject().getString("level")).allSatisfy(level ->
                assertThat(level).isIn(WARNING_OR_HIGHER));

        // newest first: retried while a new line slips in between the requests
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonObject first = gateway.get("/api/logs?source=gateway&offset=0&limit=3").object();
            JsonObject second = gateway.get("/api/logs?source=gateway&offset=3&limit=3").object();
            JsonObject both = gateway.get("/api/logs?source=gateway&offset=0&limit=6").object();
            assertThat(first.getInt("total")).isGreaterThanOrEqualTo(6).isEqualTo(second.getInt("total")).isEqualTo(both.getInt("total"));
            assertThat(second.getInt("offset")).isEqualTo(3);
            assertThat(second.getInt("limit")).isEqualTo(3);
            List<Long> firstIds = logIds(first);
            List<Long> secondIds = logIds(second);
            assertThat(firstIds).hasSize(3).doesNotContainAnyElementsOf(secondIds);
            assertThat(secondIds).hasSize(3);
            assertThat(logIds(both)).containsExactlyElementsOf(concat(firstIds, secondIds)).isSortedAccordingTo(Comparator.reverseOrder());
        });
    }

    @Test
    void an_idle_sse_stream_gets_heartbeat_comments() {
        // nothing publishes workflow updates yet: only heartbeats keep this stream alive
        try (SseClient idle = new SseClient("/api/events/stream?types=workflow_update", null)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> idle.rawLines().contains(": heartbeat"));
            assertThat(idle.events()).extracting(SseClient.Event::name).containsOnly("connected");
        }
    }

    @Test
    void a_websocket_client_offering_permessage_deflate_gets_plain_uncompressed_frames() {
        try (RawEventSocket ws = RawEventSocket.webSocket(0, "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")) {
            assertThat(ws.statusLine()).contains(" 101 ");
            assertThat(ws.headers().getOrDefault("sec-websocket-extensions", ""))
                    .as("an extension in the answer would oblige the client to speak it").doesNotContainIgnoringCase("deflate");

            ws.sendText("{\"action\":\"subscribe\",\"types\":[\"execution\"],\"servers\":[\"everything\"]}");
            awaitMessage(ws, m -> m instanceof JsonObject o && "subscribed".equals(o.getString("type", null)));
            execute("everything.get-sum", "{\"arguments\": {\"a\": 11, \"b\": " + System.nanoTime() % 100000 + "}}");
            awaitMessage(ws, m -> m instanceof JsonObject o && "execution".equals(o.getString("type", null)));
        }
    }

    /** Reads whole text messages until one matches; each frame must be a plain (RSV1 clear) text frame. */
    private static void awaitMessage(RawEventSocket ws, Predicate<JsonValue> wanted) {
        for (int i = 0; i < 100; i++) {
            StringBuilder message = new StringBuilder();
            RawEventSocket.Frame frame;
            do {
                frame = ws.readFrame();
                assertThat(frame.rsv1()).as("RSV1 (compressed) on a frame").isFalse();
                assertThat(frame.opcode()).as("opcode: text or continuation").isIn(0x1, 0x0);
                message.append(frame.text());
            } while (!frame.fin());
            JsonValue parsed;
            try (var reader = Json.createReader(new StringReader(message.toString()))) {
                parsed = reader.readValue();
            }
            if (wanted.test(parsed)) {
                return;
            }
        }
        throw new AssertionError("no matching message among the first 100");
    }

    private static JsonObject eventFigures() {
        return gateway.get("/api/metrics").object().getJsonObject("events");
    }

    private static int dropLogLines() {
        return gateway.get("/api/logs?source=gateway&level=warning&q=" + query("Dropped event client")).object().getInt("total");
    }

    private static Map<String, Integer> logLinesBySource() {
        Map<String, Integer> counts = new HashMap<>();
        gateway.get("/api/logs/sources").array().forEach(v -> counts.put(v.asJsonObject().getString("source"), v.asJsonObject().getInt("count")));
        return counts;
    }

    private static JsonObject logData(SseClient.Event event) {
        return event.json().getJsonObject("data");
    }

    private static List<Long> logIds(JsonObject page) {
        return page.getJsonArray("items").stream().map(v -> v.asJsonObject().getJsonNumber("id").longValue()).toList();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * {@link #CALLS_PER_ROUND} echo calls to everything-http, which the reading clients follow, and as many calls of
     * {@link #LONG_UNKNOWN_TOOL}: on loopback the kernel gives the gateway's end of a socket a send buffer of about
     * 4 MB however small the client's receive buffer is, so ~300-byte events would take some 14,000 calls to fill it.
     */
    private static void publishRound() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < Math.max(CALLS_PER_ROUND, LARGE_EVENTS_PER_ROUND); i++) {
                if (i < CALLS_PER_ROUND) {
                    futures.add(pool.submit(() -> execute("everything-http.echo",
                            "{\"arguments\": {\"message\": \"" + UUID.randomUUID() + "\"}}")));
                }
                if (i < LARGE_EVENTS_PER_ROUND) {
                    futures.add(pool.submit(() -> assertThat(gateway.post("/api/tools/" + LONG_UNKNOWN_TOOL + "/execute", "{}").status())
                            .isEqualTo(404)));
                }
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static JsonObject execute(String toolId, String body) {
        GatewayClient.Reply reply = gateway.post("/api/tools/" + toolId + "/execute", body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.object();
    }
}
