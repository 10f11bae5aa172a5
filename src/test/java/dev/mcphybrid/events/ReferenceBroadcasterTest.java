package dev.mcphybrid.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The reference broadcaster of the events benchmark, read by the benchmark's own socket clients. */
class ReferenceBroadcasterTest {

    @Test
    void every_sse_and_websocket_client_gets_every_event_the_scanner_can_read() throws Exception {
        LatencyHistogram latencies = new LatencyHistogram();
        LongAdder received = new LongAdder();
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        try (ReferenceBroadcaster reference = new ReferenceBroadcaster(2);
             SocketEventClients clients = new SocketEventClients(reference.uri(), 1, latencies, received, sent -> true, seen)) {
            for (int i = 0; i < 2; i++) {
                clients.openSse("/api/events/stream?types=execution&servers=everything", "Bearer t" + i);
                clients.openWebSocket("/ws/events", "Bearer w" + i, "{\"action\":\"subscribe\",\"types\":[\"execution\"]}");
            }
            await(() -> reference.clients() == 4 && clients.opened() == 4);

            for (int i = 0; i < 50; i++) {
                reference.publishOne(); // back to back, so some go out in batches
            }
            await(() -> received.sum() == 200);

            assertThat(seen).hasSize(50).contains(1L, 50L);
            assertThat(latencies.total()).isEqualTo(200);
            assertThat(clients.refused()).isZero();
            assertThat(clients.closedByGateway()).isZero();
            assertThat(reference.published()).isEqualTo(50);
        }
    }

    @Test
    void an_sse_stream_is_chunked_and_starts_like_the_gateways() throws Exception {
        try (ReferenceBroadcaster reference = new ReferenceBroadcaster(1);
             Socket socket = new Socket(reference.uri().getHost(), reference.uri().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/events/stream HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nAuthorization: Bearer t\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await(() -> reference.clients() == 1);
            reference.publishOne();

            String text = readUntil(socket.getInputStream(), "\n\n\r\n", 2);
            assertThat(text).startsWith("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n").contains("Transfer-Encoding: chunked\r\n")
                    .contains("\r\n\r\n35\r\nevent: connected\nretry: 3000\ndata: {\"retryMs\":3000}\n\n\r\n")
                    .containsPattern("\r\n[0-9a-f]+\r\nid: 1\nevent: execution\ndata: \\{\"id\":\"1\",\"type\":\"execution\",\"serverId\":\"everything\","
                            + "\"timestamp\":\"[0-9T:.-]+Z\",\"data\":\\{\"phase\":\"finished\",\"executionId\":\"[0-9a-f-]{36}\","
                            + "\"toolId\":\"everything.echo\",\"status\":\"SUCCESS\",\"cached\":false,\"durationMs\":1,"
                            + "\"principal\":\"bench-publisher\"}}\n\n\r\n");
        }
    }

    /** Reads until {@code end} has been seen {@code times} times. */
    private static String readUntil(InputStream in, String end, int times) throws Exception {
        StringBuilder text = new StringBuilder();
        int seen = 0;
        while (seen < times) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            text.append((char) b);
            if (text.length() >= end.length() && text.substring(text.length() - end.length()).equals(end)) {
                seen++;
            }
        }
        return text.toString();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("within 10 s").isTrue();
    }
}
