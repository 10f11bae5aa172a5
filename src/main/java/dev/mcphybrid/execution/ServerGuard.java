package dev.mcphybrid.execution;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Per-server protection: a bulkhead (at most {@code maxConcurrent} calls at once, others wait a bounded time) so
 * one slow server cannot take every thread, and a {@link CircuitBreaker} so a failing server is refused fast.
 */
final class ServerGuard {

    private final Semaphore bulkhead;
    private final CircuitBreaker breaker;

    ServerGuard(int maxConcurrent, CircuitBreaker breaker) {
        this.bulkhead = new Semaphore(maxConcurrent, true);
        this.breaker = breaker;
    }

    boolean enter(Duration maxWait) throws InterruptedException {
        return bulkhead.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
    }

    void leave() {
        bulkhead.release();
    }

    CircuitBreaker breaker() {
        return breaker;
    }
}
