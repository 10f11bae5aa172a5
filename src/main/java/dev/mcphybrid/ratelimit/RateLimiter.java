package dev.mcphybrid.ratelimit;

/** Token buckets by key: each call of {@link #acquire} takes one token from the bucket of {@code key}, if there is one. */
public interface RateLimiter extends AutoCloseable {

    Decision acquire(String key, Limit limit);

    /** Releases connections; an in-memory limiter has none. */
    @Override
    default void close() {
    }
}
