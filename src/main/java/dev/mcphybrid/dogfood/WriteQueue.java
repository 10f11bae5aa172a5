package dev.mcphybrid.dogfood;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A bounded queue drained by at most one task at a time on {@code executor}: a single background worker that
 * holds no thread while there is nothing to do. {@link #offer} never blocks; a full queue refuses the item.
 */
final class WriteQueue<T> {

    private static final Logger LOG = Logger.getLogger(WriteQueue.class.getName());

    private final BlockingQueue<T> queue;
    private final Executor executor;
    private final int batchSize;
    private final Consumer<List<T>> worker;
    private final AtomicBoolean draining = new AtomicBoolean();

    WriteQueue(int capacity, int batchSize, Executor executor, Consumer<List<T>> worker) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.executor = executor;
        this.worker = worker;
    }

    /** False when the queue is full and the item was not taken. */
    boolean offer(T item) {
        if (!queue.offer(item)) {
            return false;
        }
        scheduleDrain();
        return true;
    }

    int size() {
        return queue.size();
    }

    void clear() {
        queue.clear();
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false); // the application is stopping; whatever waits is dropped with it
            }
        }
    }

    private void drain() {
        try {
            List<T> batch = new ArrayList<>(batchSize);
            while (queue.drainTo(batch, batchSize) > 0) {
                try {
                    worker.accept(List.copyOf(batch));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Dogfood write failed unexpectedly", e);
                }
                batch.clear();
            }
        } finally {
            draining.set(false);
        }
        // an item offered after the last drainTo, while this drain still held the flag, would otherwise wait
        if (!queue.isEmpty()) {
            scheduleDrain();
        }
    }
}
