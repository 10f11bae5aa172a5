package dev.mcphybrid.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which partitions of {@code tool_execution} to create and which to drop, worked out from the ones that exist; no
 * database here. Ranges are half-open, [from, to), as PostgreSQL's range partitions are.
 */
public final class PartitionPlan {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    /** One range partition; {@link Instant#MIN} / {@link Instant#MAX} stand for MINVALUE / MAXVALUE. */
    public record Range(String name, Instant from, Instant to) {

        boolean overlaps(Instant start, Instant end) {
            return from.isBefore(end) && start.isBefore(to);
        }
    }

    private PartitionPlan() {
    }

    /**
     * The partitions missing for the period that holds {@code now} and the {@code ahead} periods after it. Time
     * already covered by an existing partition (of any size, made by the migration, the gateway or a DBA) is left
     * alone; only the gaps are filled, each cut at the interval's boundaries, so a change of interval takes effect
     * where the existing partitions end.
     */
    public static List<Range> missing(List<Range> existing, Instant now, PartitionInterval interval, int ahead) {
        List<Range> sorted = existing.stream().sorted(Comparator.comparing(Range::from)).toList();
        List<Range> wanted = new ArrayList<>();
        Instant start = interval.floor(now);
        for (int i = 0; i <= ahead; i++) {
            Instant end = interval.next(start);
            Instant cursor = start;
            for (Range range : sorted) {
                if (!range.overlaps(cursor, end)) {
                    continue;
                }
                if (cursor.isBefore(range.from())) {
                    wanted.add(range(cursor, range.from()));
                }
                cursor = range.to().isAfter(cursor) ? range.to() : cursor;
                if (!cursor.isBefore(end)) {
                    break;
                }
            }
            if (cursor.isBefore(end)) {
                wanted.add(range(cursor, end));
            }
            start = end;
        }
        return wanted;
    }

    /** The partitions that hold nothing newer than {@code cutoff}: those that end at or before it. */
    public static List<Range> expired(List<Range> existing, Instant cutoff) {
        return existing.stream().filter(r -> !r.to().equals(Instant.MAX) && !r.to().isAfter(cutoff))
                .sorted(Comparator.comparing(Range::from)).toList();
    }

    /** {@code tool_execution_p20261130} for a partition that starts at midnight UTC, else with the time as well. */
    public static String name(Instant from) {
        boolean midnight = from.atOffset(ZoneOffset.UTC).toLocalTime().toSecondOfDay() == 0;
        return "tool_execution_p" + (midnight ? DAY : SECOND).format(from);
    }

    private static Range range(Instant from, Instant to) {
        return new Range(name(from), from, to);
    }
}
