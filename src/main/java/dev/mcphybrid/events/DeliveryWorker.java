package dev.mcphybrid.events;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One delivery thread and its share of the clients. Publishing only hands each event to every worker's inbox; a
 * pass first fans the new events out to the queues of this worker's clients that want them, then sends every
 * client whose waiting events are due (see {@link EventClient}), and sleeps until the next one is or until it is
 * woken: by a published event, or by a busy sink that has finished its send. So producers never wait for the
 * fan-out, and sends never block: a couple of these serve thousands of clients. A client being replayed what it
 * missed has its queue topped up from the history in every pass instead, until it has caught up.
 */
final class DeliveryWorker implements Runnable {

    /** What a worker needs from the bus. */
    interface Outlet {
        /** Sends a client's due batch; drops the client when it has gone. */
        void send(EventClient client, long now);

        /** Drops a client that cannot be kept up with: counted, logged and alerted. */
        void drop(EventClient client, String why);

        /** Drops many clients for one reason: each counted, but one log line and one alert for all of them. */
        void dropAll(List<EventClient> clients, String why);

        /** Tops a replaying client's queue up from the history, and starts its live delivery once it has caught up. */
        void replay(EventClient client);
    }

    private static final long MAX_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MIN_SLEEP_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final List<EventClient> clients = new CopyOnWriteArrayList<>();
    /** Published events not fanned out yet; offered under the bus's lock, so in id order. */
    private final BlockingQueue<GatewayEvent> inbox;
    private final long windowNanos;
    private final Outlet outlet;
    private volatile boolean overrun;
    private volatile Thread thread;
    private volatile boolean wakeRequested;
    private volatile boolean running = true;

    DeliveryWorker(int inboxSize, long windowNanos, Outlet outlet) {
        this.inbox = new ArrayBlockingQueue<>(inboxSize);
        this.windowNanos = windowNanos;
        this.outlet = outlet;
    }

    void add(EventClient client) {
        client.worker = this;
        clients.add(client);
    }

    void remove(EventClient client) {
        clients.remove(client);
    }

    int size() {
        return clients.size();
    }

    /** Called under the bus's lock. A full inbox means this thread fell a whole history behind. */
    void publish(GatewayEvent event) {
        if (!inbox.offer(event)) {
            overrun = true;
        }
        wake();
    }

    /** Makes the thread look at its inbox and clients again; cheap when a wake-up is already pending. */
    void wake() {
        if (!wakeRequested) {
            wakeRequested = true;
            Thread running = thread;
            if (running != null) {
                LockSupport.unpark(running);
            }
        }
    }

    boolean wakeRequested() {
        return wakeRequested;
    }

    /**
     * Fans out what was published, then sends what is due at {@code now}; returns how long until the next client
     * is due (Long.MAX_VALUE: none waits).
     */
    long pass(long now) {
        if (overrun) {
            overrun = false;
            inbox.clear();
            // they would have a gap in their stream: better closed (they reconnect with Last-Event-ID)
            outlet.dropAll(List.copyOf(clients), "the gateway fell " + inbox.remainingCapacity() + " events behind");
        }
        fanOut();
        long sleep = Long.MAX_VALUE;
        for (EventClient client : clients) {
            if (client.replaying() && client.hasRoom()) { // a stalled replay takes no lock
                outlet.replay(client);
            }
            if (!client.hasPending()) {
                continue;
            }
            if (client.due(now, windowNanos)) {
                outlet.send(client, now);
            }
            if (client.hasPending() || client.replaying()) { // a replay goes on when the client has taken this batch
                sleep = Math.min(sleep, client.nanosUntilDue(now, windowNanos));
            }
        }
        return sleep;
    }

    private void fanOut() {
        for (GatewayEvent event; (event = inbox.poll()) != null; ) {
            boolean urgent = !event.type().highFrequency();
            // the list is read again for every event: a client connected after an event was published must see it
            for (EventClient client : clients) {
                if (!client.wantsLive(event)) {
                    continue;
                }
                if (client.replaying()) {
                    if (!client.keepsUpWithReplay()) {
                        overflowed(client);
                    }
                } else if (!client.offer(event)) {
                    overflowed(client);
                } else if (urgent) {
                    client.markUrgent();
                }
            }
        }
    }

    private void overflowed(EventClient client) {
        // a sink that is not busy is reading: then this thread is what fell behind
        outlet.drop(client, (client.sink.busy() ? "stopped reading: " : "the gateway fell behind: ") + client.capacity()
                + " events waiting");
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        while (running) {
            wakeRequested = false;
            long sleep = pass(System.nanoTime());
            if (!wakeRequested && running) {
                LockSupport.parkNanos(this, Math.max(MIN_SLEEP_NANOS, Math.min(sleep, MAX_SLEEP_NANOS)));
            }
        }
    }

    void stop() {
        running = false;
        Thread running = thread;
        if (running != null) {
            LockSupport.unpark(running);
        }
    }
}
