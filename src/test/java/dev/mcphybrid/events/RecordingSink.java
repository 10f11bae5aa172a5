package dev.mcphybrid.events;

import java.util.ArrayList;
import java.util.List;

/** A client that keeps every batch it is sent; the test decides when it is busy and when it goes idle again. */
final class RecordingSink implements EventSink {

    final List<List<GatewayEvent>> sent = new ArrayList<>();
    /** Every event id and lost-events notice, in the order they came. */
    final List<String> stream = new ArrayList<>();
    boolean busy;
    String closedWith;
    Runnable idle = () -> { };

    @Override
    public boolean send(List<GatewayEvent> events) {
        sent.add(List.copyOf(events));
        events.forEach(e -> stream.add(String.valueOf(e.id())));
        return true;
    }

    @Override
    public boolean lost(long fromId, long toId) {
        stream.add("lost " + fromId + ".." + toId);
        return true;
    }

    @Override
    public boolean busy() {
        return busy;
    }

    @Override
    public void close(String reason) {
        closedWith = reason;
    }

    @Override
    public boolean batches() {
        return true;
    }

    @Override
    public String describe() {
        return "test";
    }

    @Override
    public void whenIdle(Runnable callback) {
        idle = callback;
    }

    List<Long> ids() {
        return sent.stream().flatMap(List::stream).map(GatewayEvent::id).toList();
    }
}
