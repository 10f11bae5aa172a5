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
 * A client that reconnected with Last-Event-ID is first replayed what it missed: its delivery thread tops its
 * queue up from the history as the client takes events, and live delivery begins once the replay has caught up.
 */
public final class EventClient {

    final EventSink sink;
    private volatile Subscription subscription;
    /** Filled (live or from the history) and drained by the client's delivery thread; guarded by this. */
    private final ArrayDeque<GatewayEvent> queue;
    private final int queueSize;
    private final int batchSize;
    final AtomicBoolean closed = new AtomicBoolean();
    final String principal;

    /** The delivery thread that sends this client's events; set once, on connect. */
    DeliveryWorker worker;
    /** Events up to this id were replayed (or published before it connected): live delivery starts after it. */
    volatile long liveAfter;
    /** Set while the client is being replayed what it missed; live events reach it through the history until then. */
    private volatile ReplayCursor replay;
    /** Ranges a replay had to skip, each told to the client in its place in the stream; guarded by this. */
    private final ArrayDeque<LostEvents> lost = new ArrayDeque<>(1);
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

    /** Before the client is handed to a delivery thread: it gets the events after {@code lastEventId} first. */
    void replayAfter(long lastEventId) {
        replay = new ReplayCursor(lastEventId);
    }

    boolean replaying() {
        return replay != null;
    }

    /**
     * Queues the next missed events from the history, as many as fit, and starts live delivery once the replay has
     * caught up. Answers the ids this step found gone from the history (the client is told them as events_lost), or
     * null. The caller holds the bus's lock: the history is not thread-safe, and no event may be published
     * between the last one replayed and the switch to live.
     */
    synchronized LostEvents replayFrom(EventHistory history) {
        ReplayCursor cursor = replay;
        if (cursor == null || closed.get()) {
            return null;
        }
        LostEvents skipped = cursor.skipLost(history);
        if (skipped != null) {
            lost.add(skipped);
        }
        cursor.advance(history, subscription::wants, queueSize - queue.size(), event -> {
            queue.add(event);
            if (!event.type().highFrequency()) {
                urgent = true;
            }
        });
        if (cursor.caughtUp(history)) {
            liveAfter = Math.max(liveAfter, history.newestId());
            replay = null;
        }
        return skipped;
    }

    /**
     * A live event this replaying client wants (the replay will bring it from the history). False once such events
     * have outrun what the client took by more than its queue holds: live, it would have overflowed.
     */
    boolean keepsUpWithReplay() {
        ReplayCursor cursor = replay;
        return cursor == null || cursor.published(queueSize);
    }

    int capacity() {
        return queueSize;
    }

    synchronized boolean hasRoom() {
        return queue.size() < queueSize;
    }

    void markUrgent() {
        urgent = true;
    }

    synchronized boolean hasPending() {
        return !queue.isEmpty() || !lost.isEmpty();
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
        if (closed.get() || !hasPending()) {
            return true;
        }
        if (sink.busy()) {
            waitingForSink = true;
            return true;
        }
        waitingForSink = false;
        urgent = false;
        lastSentNanos = now;
        LostEvents gap = lost.peek();
        List<GatewayEvent> batch = new ArrayList<>(Math.min(batchSize, queue.size()));
        while (batch.size() < batchSize && !queue.isEmpty() && (gap == null || queue.peek().id() < gap.fromId())) {
            batch.add(queue.poll());
        }
        ReplayCursor cursor = replay;
        if (cursor != null) {
            cursor.sent(batch.size());
        }
        boolean open = batch.isEmpty() || sink.send(batch);
        if (open && gap != null && (queue.isEmpty() || queue.peek().id() > gap.toId())) {
            lost.poll();
            open = sink.lost(gap.fromId(), gap.toId());
        }
        return open;
    }

    private void sinkIdle() {
        DeliveryWorker assigned = worker;
        if (waitingForSink && assigned != null) {
            waitingForSink = false;
            assigned.wake();
        }
    }
}
