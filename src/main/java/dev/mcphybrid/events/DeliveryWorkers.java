package dev.mcphybrid.events;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/** The delivery threads: each client is given to the one with the fewest clients, and stays with it. */
final class DeliveryWorkers {

    private final List<DeliveryWorker> workers = new ArrayList<>();

    DeliveryWorkers(int count, int inboxSize, long windowNanos, DeliveryWorker.Outlet outlet) {
        for (int i = 0; i < Math.max(1, count); i++) {
            workers.add(new DeliveryWorker(inboxSize, windowNanos, outlet));
        }
    }

    void start(ThreadFactory threads) {
        for (int i = 0; i < workers.size(); i++) {
            Thread thread = threads.newThread(workers.get(i));
            thread.setName("event-delivery-" + i);
            thread.start();
        }
    }

    /** Called under the bus's lock, so two connects never pick by the same counts. */
    void assign(EventClient client) {
        workers.stream().min(Comparator.comparingInt(DeliveryWorker::size)).orElseThrow().add(client);
    }

    /** Called under the bus's lock, in id order. */
    void publish(GatewayEvent event) {
        for (DeliveryWorker worker : workers) {
            worker.publish(event);
        }
    }

    /** Every worker's pass on the calling thread (tests drive delivery this way, without threads). */
    void passAll(long now) {
        workers.forEach(w -> w.pass(now));
    }

    void stop() {
        workers.forEach(DeliveryWorker::stop);
    }
}
