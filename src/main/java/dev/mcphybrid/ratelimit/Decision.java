package dev.mcphybrid.ratelimit;

/**
 * The answer to one call: allowed or not, when to retry ({@code Retry-After}, whole seconds, at least 1 when
 * refused and 0 when allowed) and the tokens left in the bucket.
 */
public record Decision(boolean allowed, long retryAfterSeconds, double remaining) {

    /** What a disabled limiter answers. */
    public static final Decision UNLIMITED = new Decision(true, 0, Double.POSITIVE_INFINITY);

    public Decision {
        if (allowed ? retryAfterSeconds != 0 : retryAfterSeconds < 1) {
            throw new IllegalArgumentException("retryAfterSeconds must be 0 when allowed and at least 1 when refused");
        }
    }

    public static Decision allow(double remaining) {
        return new Decision(true, 0, remaining);
    }

    public static Decision refuse(long retryAfterSeconds, double remaining) {
        return new Decision(false, retryAfterSeconds, remaining);
    }
}
