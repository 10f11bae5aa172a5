package dev.mcphybrid.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connected client: its subscription, a bounded queue of events waiting to be sent, and when its last batch
 * went out. A client that has been quiet for a batch window gets its next event at once; after that, events
 * collect for the rest of the window and go out as one batch. Urgent (not high-frequency) events never wait.
 */
public final class EventClient {

    final EventSink sink;
    private volatile Subscription subscription;
    /** Filled and drained by the client's delivery thread (and by replay before it has one); guarded by this. */
    private final ArrayDeque<GatewayEvent> queue;
    private final int queueSize;
    private final int batchSize;
    final AtomicBoolean closed = new AtomicBoolean();
    final String principal;

    /** The delivery thread that sends this client's events; set once, on connect. */
    DeliveryWorker worker;
    /** Events up to this id were replayed (or published before it connected): live delivery starts after it. */
    volatile long liveAfter;
    private volatile long lastSentNanos = System.nanoTime() - TimeUnit.HOURS.toNanos(1);
    private volatile boolean urgent;
    /** The last flush found the sink busy: the sink's idle callback should bring the worker back. */
    private volatile boolean waitingForSink;

    EventClient(EventSink sink, Subscription subscription, int queueSize, int batchSize, String principal) {
        this.principal = principal;
        this.sink = sink;
        this.subscription = subscription;
        this.queue = new ArrayDeque<>(Math.min(queueSize, 64));
        this.queueSize = queueSize;
        this.batchSize = batchSize;
        sink.whenIdle(this::sinkIdle);
    }

    public Subscription subscription() {
        return subscription;
    }

    public void subscribe(Subscription next) {
        subscription = next;
    }

    /** False when the queue is full: the client has stopped reading. */
    synchronized boolean offer(GatewayEvent event) {
        if (queue.size() >= queueSize) {
            return false;
        }
        queue.add(event);
        return true;
    }

    boolean wantsLive(GatewayEvent event) {
        return event.id() > liveAfter && subscription.wants(event);
    }

    int capacity() {
        return queueSize;
    }

    void markUrgent() {
        urgent = true;
    }

    synchronized boolean hasPending() {
        return !queue.isEmpty();
    }

    synchronized int pending() {
        return queue.size();
    }

    /** Whether waiting events should go now rather than at the end of the current batch window. */
    boolean due(long now, long windowNanos) {
        return urgent || now - lastSentNanos >= windowNanos;
    }

    /** How long until this client's waiting events are due, as of {@code now}. */
    long nanosUntilDue(long now, long windowNanos) {
        if (waitingForSink) {
            return windowNanos; // the idle callback normally comes first; this is the safety net
        }
        return urgent ? 0 : Math.max(0, lastSentNanos + windowNanos - now);
    }

    /** Sends up to a batch of what is waiting unless the previous send is still in flight; false when the client is gone. */
    synchronized boolean flush(long now) {
        if (closed.get() || queue.isEmpty()) {
            return true;
        }
        if (sink.busy()) {
            waitingForSink = true;
            return true;
        }
        waitingForSink = false;
        urgent = false;
        lastSentNanos = now;
        List<GatewayEvent> batch = new ArrayList<>(Math.min(batchSize, queue.size()));
        while (batch.size() < batchSize && !queue.isEmpty()) {
            batch.add(queue.poll());
        }
        return sink.send(batch);
    }

    private void sinkIdle() {
        DeliveryWorker assigned = worker;
        if (waitingForSink && assigned != null) {
            waitingForSink = false;
            assigned.wake();
        }
    }
}
