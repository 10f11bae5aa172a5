package dev.mcphybrid.common;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A serial executor per key on top of one shared pool: the tasks of a key run one at a time, in the order they were
 * submitted, never on the submitting thread; different keys run side by side. A key with nothing queued holds no
 * thread and no memory, so short-lived keys (one per tool call) cost nothing once they are done.
 */
public final class SerialExecutors {

    private static final Logger LOG = Logger.getLogger(SerialExecutors.class.getName());

    /** Tasks one drain runs before it hands its key back to the pool, so a busy key cannot keep a thread for good. */
    static final int BATCH = 64;

    private final Executor pool;
    /** Present while the key has a drain queued or running; each queue is only touched inside the map's compute. */
    private final ConcurrentHashMap<Object, Queue<Runnable>> queues = new ConcurrentHashMap<>();

    public SerialExecutors(Executor pool) {
        this.pool = Objects.requireNonNull(pool);
    }

    /** The serial executor of {@code key}; keys are compared with {@code equals}. */
    public Executor forKey(Object key) {
        Objects.requireNonNull(key);
        return task -> execute(key, task);
    }

    /** @throws RejectedExecutionException when the pool refuses work (it is shutting down) */
    public void execute(Object key, Runnable task) {
        Objects.requireNonNull(task);
        boolean[] idle = {false};
        queues.compute(key, (k, queue) -> {
            if (queue == null) {
                queue = new ArrayDeque<>();
                idle[0] = true;
            }
            queue.add(task);
            return queue;
        });
        if (idle[0]) {
            startDrain(key);
        }
    }

    /** Keys with work queued or running. */
    public int activeKeys() {
        return queues.size();
    }

    private void startDrain(Object key) {
        try {
            pool.execute(() -> drain(key));
        } catch (RejectedExecutionException e) {
            queues.remove(key); // the pool is going away, and what was queued for this key with it
            throw e;
        }
    }

    private void drain(Object key) {
        try {
            int ran = 0;
            for (Runnable task = next(key); task != null; task = next(key)) {
                runQuietly(key, task);
                if (++ran == BATCH) {
                    handOn(key);
                    return;
                }
            }
        } catch (Error e) {
            handOn(key); // the key's later tasks must not wait forever for a drain that died
            throw e;
        }
    }

    /** The key's next task; null when its queue is empty, in which case the key is retired in the same step. */
    private Runnable next(Object key) {
        Runnable[] next = {null};
        queues.computeIfPresent(key, (k, queue) -> {
            next[0] = queue.poll();
            return next[0] == null ? null : queue;
        });
        return next[0];
    }

    private void handOn(Object key) {
        try {
            startDrain(key);
        } catch (RejectedExecutionException e) {
            LOG.fine(() -> "Dropped the queued tasks of " + key + ": the pool is shutting down");
        }
    }

    private static void runQuietly(Object key, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A task ordered by " + key + " failed; the next ones still run", e);
        }
    }
}
