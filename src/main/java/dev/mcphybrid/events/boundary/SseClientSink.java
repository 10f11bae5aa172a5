package dev.mcphybrid.events.boundary;

import dev.mcphybrid.events.EventSink;
import dev.mcphybrid.events.GatewayEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** An SSE connection: each event with {@code id:} (for Last-Event-ID) and {@code event:} set to its type. */
final class SseClientSink implements EventSink {

    /** Sends still being written before the client counts as not reading. */
    private static final int MAX_IN_FLIGHT = 256;

    private final SseEventSink sink;
    private final Sse sse;
    private final String description;
    private final AtomicInteger inFlight = new AtomicInteger();

    SseClientSink(SseEventSink sink, Sse sse, String description) {
        this.sink = sink;
        this.sse = sse;
        this.description = description;
    }

    /** The first event: tells the browser to reconnect after {@code retryMs} (the {@code retry:} field). */
    void hello(long retryMs) {
        sink.send(sse.newEventBuilder().name("connected").reconnectDelay(retryMs).data("{\"retryMs\":" + retryMs + "}").build());
    }

    @Override
    public boolean send(List<GatewayEvent> events) {
        for (GatewayEvent event : events) {
            if (sink.isClosed()) {
                return false;
            }
            inFlight.incrementAndGet();
            sink.send(sse.newEventBuilder().id(String.valueOf(event.id())).name(event.type().wireName()).data(event.json()).build())
                    .whenComplete((ok, error) -> inFlight.decrementAndGet());
        }
        return !sink.isClosed();
    }

    @Override
    public boolean busy() {
        return inFlight.get() >= MAX_IN_FLIGHT;
    }

    @Override
    public void heartbeat() {
        if (!sink.isClosed()) {
            sink.send(sse.newEventBuilder().comment("heartbeat").build());
        }
    }

    @Override
    public void close(String reason) {
        try {
            if (!sink.isClosed()) {
                sink.send(sse.newEventBuilder().comment("closing: " + reason).build());
            }
            sink.close();
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    @Override
    public boolean batches() {
        return false;
    }

    @Override
    public String describe() {
        return description;
    }
}
