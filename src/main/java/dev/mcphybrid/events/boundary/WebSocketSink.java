package dev.mcphybrid.events.boundary;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.events.EventSink;
import dev.mcphybrid.events.GatewayEvent;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A WebSocket client: one envelope as an object, several waiting ones as one array (a batch). Events and replies
 * go out through one outbox, one message at a time: a WebSocket allows a single write in flight.
 */
final class WebSocketSink implements EventSink {

    private static final LastBatch<String> TEXT = new LastBatch<>(WebSocketSink::text);
    /** Replies waiting behind an unfinished write: a client that keeps sending but never reads is closed past it. */
    static final int MAX_WAITING_MESSAGES = 64;

    private final Session session;
    private final ArrayDeque<String> outbox = new ArrayDeque<>();
    private boolean sending;
    private volatile Runnable whenIdle = () -> { };

    WebSocketSink(Session session) {
        this.session = session;
    }

    @Override
    public boolean send(List<GatewayEvent> events) {
        if (!session.isOpen()) {
            return false;
        }
        enqueue(TEXT.encode(events));
        return true;
    }

    /** Not reached while WebSocket clients connect without Last-Event-ID (they are never replayed); told like a reply. */
    @Override
    public boolean lost(long fromId, long toId) {
        if (!session.isOpen()) {
            return false;
        }
        enqueue(JSON.createObjectBuilder().add("type", "events_lost").add("fromId", String.valueOf(fromId))
                .add("toId", String.valueOf(toId)).build().toString());
        return true;
    }

    static String text(List<GatewayEvent> events) {
        if (events.size() == 1) {
            return events.get(0).json();
        }
        int length = 2;
        for (GatewayEvent event : events) {
            length += event.json().length() + 1;
        }
        StringBuilder batch = new StringBuilder(length).append('[');
        for (int i = 0; i < events.size(); i++) {
            batch.append(i == 0 ? "" : ",").append(events.get(i).json());
        }
        return batch.append(']').toString();
    }

    /** Until the last message is written, the client is not keeping up. */
    @Override
    public synchronized boolean busy() {
        return sending || !outbox.isEmpty();
    }

    @Override
    public void whenIdle(Runnable callback) {
        whenIdle = callback;
    }

    /** A reply to something the client sent (subscribed, error); false when the client was closed instead. */
    boolean reply(String json) {
        synchronized (this) {
            if (outbox.size() < MAX_WAITING_MESSAGES) {
                enqueue(json);
                return true;
            }
        }
        closeWith(CloseReason.CloseCodes.VIOLATED_POLICY, "sends messages but does not read the replies");
        return false;
    }

    private synchronized void enqueue(String text) {
        outbox.add(text);
        pump();
    }

    private synchronized void pump() {
        if (sending || outbox.isEmpty() || !session.isOpen()) {
            return;
        }
        sending = true;
        String next = outbox.poll();
        try {
            session.getAsyncRemote().sendText(next, result -> sent());
        } catch (IllegalStateException e) {
            sending = false; // the session closed under us
        }
    }

    private void sent() {
        boolean idle;
        synchronized (this) {
            sending = false;
            pump();
            idle = !sending;
        }
        if (idle) {
            whenIdle.run();
        }
    }

    @Override
    public void close(String reason) {
        closeWith(CloseReason.CloseCodes.TRY_AGAIN_LATER, reason);
    }

    private void closeWith(CloseReason.CloseCode code, String reason) {
        try {
            session.close(new CloseReason(code, reason.length() > 120 ? reason.substring(0, 120) : reason));
        } catch (IOException | IllegalStateException ignored) {
            // already closed
        }
    }

    @Override
    public boolean batches() {
        return true;
    }

    @Override
    public String describe() {
        return "websocket " + session.getId();
    }
}
