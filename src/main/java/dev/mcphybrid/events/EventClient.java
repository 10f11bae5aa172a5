package dev.mcphybrid.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/** One connected client: its subscription and a bounded queue of events waiting to be sent. */
public final class EventClient {

    final EventSink sink;
    private volatile Subscription subscription;
    private final BlockingQueue<GatewayEvent> queue;
    private final int batchSize;
    final AtomicBoolean closed = new AtomicBoolean();
    /** A flush of this client is queued on the executor; one at a time is enough. */
    final AtomicBoolean flushQueued = new AtomicBoolean();

    final String principal;

    EventClient(EventSink sink, Subscription subscription, int queueSize, int batchSize, String principal) {
        this.principal = principal;
        this.sink = sink;
        this.subscription = subscription;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.batchSize = batchSize;
    }

    public Subscription subscription() {
        return subscription;
    }

    public void subscribe(Subscription next) {
        subscription = next;
    }

    /** False when the queue is full: the client has stopped reading. */
    boolean offer(GatewayEvent event) {
        return queue.offer(event);
    }

    boolean hasPending() {
        return !queue.isEmpty();
    }

    int pending() {
        return queue.size();
    }

    /** Sends what is waiting unless the previous send is still in flight; false when the client is gone. */
    synchronized boolean flush() {
        if (closed.get() || queue.isEmpty() || sink.busy()) {
            return true;
        }
        List<GatewayEvent> batch = new ArrayList<>(Math.min(batchSize, queue.size()));
        queue.drainTo(batch, batchSize);
        return sink.send(batch);
    }
}
