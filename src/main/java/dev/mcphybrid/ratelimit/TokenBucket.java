package dev.mcphybrid.ratelimit;

/** One key's bucket in memory; its monitor guards the fields. */
final class TokenBucket {

    private Limit limit;
    private double tokens;
    private long refilledAt;
    private boolean evicted;

    TokenBucket(Limit limit, long now) {
        this.limit = limit;
        this.tokens = limit.burst();
        this.refilledAt = now;
    }

    /** Takes one token if there is one; null when the bucket was evicted meanwhile and the key must be looked up again. */
    synchronized Decision take(Limit current, long now) {
        if (evicted) {
            return null;
        }
        limit = current;
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return Decision.allow(tokens);
        }
        return Decision.refuse(limit.retryAfterSeconds(tokens), tokens);
    }

    /**
     * Evicts the bucket once it has filled up again: a full bucket answers exactly like a new one, so dropping it
     * loses nothing. Callers remove it from the map in the same step.
     */
    synchronized boolean evictIfFull(long now) {
        refill(now);
        evicted = tokens >= limit.burst();
        return evicted;
    }

    private void refill(long now) {
        // nanoTime read by another thread a moment earlier may be behind refilledAt
        if (now - refilledAt > 0) {
            tokens = limit.refill(tokens, now - refilledAt);
            refilledAt = now;
        }
        tokens = Math.min(tokens, limit.burst());
    }
}
