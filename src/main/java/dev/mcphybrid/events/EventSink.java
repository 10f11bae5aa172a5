package dev.mcphybrid.events;

import java.util.List;

/** A connected client as the bus sees it: SSE or WebSocket. */
public interface EventSink {

    /**
     * Sends events in order; a list of more than one is a batch. Must not block: a delivery thread serves many
     * clients. Returns false when the client is gone.
     */
    boolean send(List<GatewayEvent> events);

    /**
     * Tells the client that a replay had to skip the events with ids {@code fromId} to {@code toId}: they had left
     * the history (some may not have been for this client). Comes in the stream where they would have been. Returns
     * false when the client is gone.
     */
    boolean lost(long fromId, long toId);

    /** True while the previous send has not completed (the client is not reading). */
    boolean busy();

    /** Ends the connection, telling the client why where the transport allows. */
    void close(String reason);

    /** Whether events are sent as arrays when several are waiting (WebSocket) or one by one (SSE). */
    boolean batches();

    String describe();

    /** Keeps idle connections open through proxies; SSE sends a comment. */
    default void heartbeat() {
    }

    /**
     * Finds a connection the client has closed, which a server only learns by writing to it: SSE writes an empty
     * comment when idle (the first write after the client closed draws a reset, the next one fails). WebSocket
     * needs none: the container reads and sees the close at once.
     */
    default void probe() {
    }

    /** {@code callback} runs when a send that kept the sink busy has completed, so waiting events can follow at once. */
    default void whenIdle(Runnable callback) {
    }
}
