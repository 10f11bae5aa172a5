package dev.mcphybrid.common;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations the way operators write them: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 24h}, {@code 7d}, or a bare number of ms. */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private Durations() {
    }

    public static Duration parse(Object value) {
        if (value instanceof Number number) {
            return positive(Duration.ofMillis(number.longValue()), value);
        }
        Matcher matcher = DURATION.matcher(String.valueOf(value).trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a duration (use e.g. 500ms, 5s, 2m)");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        Duration duration = switch (unit) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofMillis(amount);
        };
        return positive(duration, value);
    }

    private static Duration positive(Duration duration, Object value) {
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("'" + value + "' must be a positive duration");
        }
        return duration;
    }
}
