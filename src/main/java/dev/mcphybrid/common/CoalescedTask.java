package dev.mcphybrid.common;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a task that brings something in line with the current state in the background, one run at a time: the
 * requests that arrive while it runs are served together by one more run, so a burst costs two runs, not one each,
 * and whoever requests never waits.
 */
public final class CoalescedTask {

    private static final Logger LOG = Logger.getLogger(CoalescedTask.class.getName());

    private final String name;
    private final Executor pool;
    private final Runnable task;
    /** Requests not yet served by a completed run; a run is queued or running while this is above zero. */
    private final AtomicInteger requests = new AtomicInteger();

    public CoalescedTask(String name, Executor pool, Runnable task) {
        this.name = Objects.requireNonNull(name);
        this.pool = Objects.requireNonNull(pool);
        this.task = Objects.requireNonNull(task);
    }

    public void request() {
        if (requests.getAndIncrement() == 0) {
            try {
                pool.execute(this::runUntilCurrent);
            } catch (RejectedExecutionException e) {
                requests.set(0); // the pool is shutting down: nothing left to bring in line
            }
        }
    }

    private void runUntilCurrent() {
        boolean current = false;
        try {
            while (!current) {
                int served = requests.get();
                runQuietly();
                current = requests.compareAndSet(served, 0);
            }
        } finally {
            if (!current) {
                requests.set(0); // an Error ended the run; the next request starts a new one
            }
        }
    }

    private void runQuietly() {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, name + " failed; the next request runs it again", e);
        }
    }
}
