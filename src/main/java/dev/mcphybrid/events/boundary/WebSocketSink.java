package dev.mcphybrid.events.boundary;

import dev.mcphybrid.events.EventSink;
import dev.mcphybrid.events.GatewayEvent;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.List;

/**
 * A WebSocket client: one envelope as an object, several waiting ones as one array (a batch). Events and replies
 * go out through one outbox, one message at a time: a WebSocket allows a single write in flight.
 */
final class WebSocketSink implements EventSink {

    private final Session session;
    private final java.util.ArrayDeque<String> outbox = new java.util.ArrayDeque<>();
    private boolean sending;

    WebSocketSink(Session session) {
        this.session = session;
    }

    @Override
    public boolean send(List<GatewayEvent> events) {
        if (!session.isOpen()) {
            return false;
        }
        String text;
        if (events.size() == 1) {
            text = events.get(0).json();
        } else {
            StringBuilder batch = new StringBuilder(events.size() * 200).append('[');
            for (int i = 0; i < events.size(); i++) {
                batch.append(i == 0 ? "" : ",").append(events.get(i).json());
            }
            text = batch.append(']').toString();
        }
        enqueue(text);
        return true;
    }

    /** Until the last message is written, the client is not keeping up. */
    @Override
    public synchronized boolean busy() {
        return sending || !outbox.isEmpty();
    }

    /** A reply to something the client sent (subscribed, error). */
    void reply(String json) {
        enqueue(json);
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
            session.getAsyncRemote().sendText(next, result -> {
                synchronized (this) {
                    sending = false;
                }
                pump();
            });
        } catch (IllegalStateException e) {
            sending = false; // the session closed under us
        }
    }

    @Override
    public void close(String reason) {
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, reason.length() > 120 ? reason.substring(0, 120) : reason));
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
