package dev.mcphybrid.audit;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** How much time one partition of {@code tool_execution} covers (gateway.audit.partition-interval); always in UTC. */
public enum PartitionInterval {
    DAY, WEEK, MONTH;

    /** Reads the configured value ({@code day}, {@code week} or {@code month}, any case). */
    public static PartitionInterval parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("gateway.audit.partition-interval must be day, week or month, not '" + value + "'");
        }
    }

    /** The start of the period that holds {@code at}: midnight UTC of its day, of its week's Monday, of its month's first. */
    public Instant floor(Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        LocalDate start = switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The start of the period after the one that holds {@code at}. */
    public Instant next(Instant at) {
        LocalDate start = LocalDate.ofInstant(floor(at), ZoneOffset.UTC);
        LocalDate next = switch (this) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
        };
        return next.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
