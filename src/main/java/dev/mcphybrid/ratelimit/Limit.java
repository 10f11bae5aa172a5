package dev.mcphybrid.ratelimit;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A token bucket: {@code burst} calls may be made at once, and the bucket refills at {@code perSecond} tokens a
 * second up to {@code burst}. Written as {@code rate/burst}, e.g. {@code 10/20}.
 */
public record Limit(double perSecond, int burst) {

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*/\\s*(\\d+)\\s*");

    public Limit {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be a positive number of calls per second, not " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, not " + burst);
        }
    }

    /** Parses {@code rate/burst}, e.g. {@code 10/20} or {@code 0.5/1}. */
    public static Limit parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException(notALimit(text, "expected <calls per second>/<burst>, e.g. 10/20"));
        }
        try {
            return new Limit(Double.parseDouble(m.group(1)), Integer.parseInt(m.group(2)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(notALimit(text, "burst is too large"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(notALimit(text, e.getMessage()));
        }
    }

    /** How long until one token is back when {@code tokens} (less than one) are left: whole seconds, at least 1. */
    public long retryAfterSeconds(double tokens) {
        double seconds = (1 - tokens) / perSecond;
        return Math.max(1, (long) Math.ceil(seconds));
    }

    /** Tokens a bucket holding {@code tokens} has after {@code elapsedNanos} of refill, at most {@code burst}. */
    double refill(double tokens, long elapsedNanos) {
        return Math.min(burst, tokens + elapsedNanos / 1e9 * perSecond);
    }

    private static String notALimit(String text, String reason) {
        return "rate limit \"" + text + "\": " + reason;
    }

    @Override
    public String toString() {
        return BigDecimal.valueOf(perSecond).stripTrailingZeros().toPlainString() + "/" + burst;
    }
}
