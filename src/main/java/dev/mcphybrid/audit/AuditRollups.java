package dev.mcphybrid.audit;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The roll-ups of {@code tool_execution} on PostgreSQL (db/vendor/postgresql/V7): {@code tool_execution_hourly} per
 * UTC hour, server, tool and cache hit (calls by status, duration sum, maximum and {@link DurationHistogram}), and
 * {@code tool_execution_principal_daily} per UTC day, principal and tool, and (V9)
 * {@code tool_execution_principal_totals_daily} per UTC day and principal with its number of distinct tools. The audit
 * writer adds the rows it inserted in the same transaction as the rows ({@link #add}): each key's counts are added to
 * what is stored ({@code ON CONFLICT DO UPDATE SET calls = calls + excluded.calls}), so instances writing at once all
 * count, and keys are written in one order by every writer (all hours, then all principal-tool pairs, then all
 * principal-days), so two batches never wait for each other's rows in a circle. A principal-day's distinct tools grow
 * by the pairs the pairs' upsert inserted rather than updated ({@code xmax = 0}): a pair two instances insert at once
 * is inserted by one and updated by the other, which waited for it, so it is counted once.
 * Their retention ({@link #deleteOlderThan}) is their own, longer than the rows'.
 */
@ApplicationScoped
public class AuditRollups {

    static final int BATCH = 10_000;
    private static final int ROWS_PER_STATEMENT = 1000;

    @Resource(lookup = "jdbc/gateway")
    DataSource dataSource;

    private record HourKey(Instant hour, String serverId, String toolId, boolean cached) {
    }

    private record DayKey(LocalDate day, String principal, String toolId) {
    }

    private static final class HourTally {
        long calls, succeeded, errors, timeouts, rejected, cancelled, sum, max;
        final long[] buckets = new long[DurationHistogram.BUCKETS];
    }

    private static final class DayTally {
        long calls, succeeded, rejected;
    }

    private record PrincipalDay(LocalDate day, String principal) {
    }

    private static final class PrincipalDayTally {
        long calls, succeeded, rejected, newTools;
    }

    private static final Comparator<HourKey> HOUR_ORDER = Comparator.comparing(HourKey::hour)
            .thenComparing(HourKey::serverId).thenComparing(HourKey::toolId).thenComparing(HourKey::cached);
    private static final Comparator<DayKey> DAY_ORDER = Comparator.comparing(DayKey::day)
            .thenComparing(DayKey::principal).thenComparing(DayKey::toolId);
    private static final Comparator<PrincipalDay> PRINCIPAL_DAY_ORDER = Comparator.comparing(PrincipalDay::day)
            .thenComparing(PrincipalDay::principal);

    /** Adds rows just inserted (as stored: {@link dev.mcphybrid.audit.entity.ToolExecution#of}) on the caller's transaction. */
    static void add(Connection connection, List<AuditRecord> inserted) throws SQLException {
        if (inserted.isEmpty()) {
            return;
        }
        Map<HourKey, HourTally> hours = new TreeMap<>(HOUR_ORDER);
        Map<DayKey, DayTally> days = new TreeMap<>(DAY_ORDER);
        for (AuditRecord r : inserted) {
            HourTally h = hours.computeIfAbsent(new HourKey(r.startedAt().truncatedTo(ChronoUnit.HOURS), r.serverId(),
                    r.toolId(), r.cached()), k -> new HourTally());
            h.calls++;
            switch (r.status()) {
                case SUCCESS -> h.succeeded++;
                case ERROR -> h.errors++;
                case TIMEOUT -> h.timeouts++;
                case REJECTED -> h.rejected++;
                case CANCELLED -> h.cancelled++;
            }
            if (r.status() != ExecutionStatus.REJECTED) {
                h.sum += r.durationMs();
                h.max = Math.max(h.max, r.durationMs());
                h.buckets[DurationHistogram.bucket(r.durationMs())]++;
            }
            DayTally d = days.computeIfAbsent(new DayKey(LocalDate.ofInstant(r.startedAt(), ZoneOffset.UTC), r.principal(),
                    r.toolId()), k -> new DayTally());
            d.calls++;
            d.succeeded += r.status() == ExecutionStatus.SUCCESS ? 1 : 0;
            d.rejected += r.status() == ExecutionStatus.REJECTED ? 1 : 0;
        }
        List<Map.Entry<HourKey, HourTally>> hourRows = new ArrayList<>(hours.entrySet());
        for (int from = 0; from < hourRows.size(); from += ROWS_PER_STATEMENT) {
            upsertHours(connection, hourRows.subList(from, Math.min(hourRows.size(), from + ROWS_PER_STATEMENT)));
        }
        // every pair is upserted before any principal-day row, by every writer: one lock order over both tables
        Map<PrincipalDay, PrincipalDayTally> principalDays = new TreeMap<>(PRINCIPAL_DAY_ORDER);
        for (Map.Entry<DayKey, DayTally> row : days.entrySet()) {
            PrincipalDayTally t = principalDays.computeIfAbsent(new PrincipalDay(row.getKey().day(), row.getKey().principal()),
                    k -> new PrincipalDayTally());
            t.calls += row.getValue().calls;
            t.succeeded += row.getValue().succeeded;
            t.rejected += row.getValue().rejected;
        }
        List<Map.Entry<DayKey, DayTally>> dayRows = new ArrayList<>(days.entrySet());
        for (int from = 0; from < dayRows.size(); from += ROWS_PER_STATEMENT) {
            for (PrincipalDay newPair : upsertDays(connection, dayRows.subList(from, Math.min(dayRows.size(), from + ROWS_PER_STATEMENT)))) {
                principalDays.get(newPair).newTools++;
            }
        }
        List<Map.Entry<PrincipalDay, PrincipalDayTally>> totalRows = new ArrayList<>(principalDays.entrySet());
        for (int from = 0; from < totalRows.size(); from += ROWS_PER_STATEMENT) {
            upsertPrincipalDays(connection, totalRows.subList(from, Math.min(totalRows.size(), from + ROWS_PER_STATEMENT)));
        }
    }

    private static final String HOUR_COUNTS = "calls, succeeded, errors, timeouts, rejected, cancelled, duration_sum_ms";

    /** Keys are bound; the counts, numbers this class computed, are written into the statement. */
    private static void upsertHours(Connection connection, List<Map.Entry<HourKey, HourTally>> rows) throws SQLException {
        StringBuilder buckets = new StringBuilder();
        StringBuilder addBuckets = new StringBuilder();
        for (int b = 0; b < DurationHistogram.BUCKETS; b++) {
            String column = DurationHistogram.column(b);
            buckets.append(", ").append(column);
            addBuckets.append(", ").append(column).append(" = t.").append(column).append(" + excluded.").append(column);
        }
        StringBuilder sql = new StringBuilder(rows.size() * 300).append("insert into tool_execution_hourly as t (hour, server_id, tool_id, cached, ")
                .append(HOUR_COUNTS).append(", duration_max_ms").append(buckets).append(") values ");
        for (int i = 0; i < rows.size(); i++) {
            HourTally h = rows.get(i).getValue();
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ").append(h.calls).append(", ").append(h.succeeded)
                    .append(", ").append(h.errors).append(", ").append(h.timeouts).append(", ").append(h.rejected)
                    .append(", ").append(h.cancelled).append(", ").append(h.sum).append(", ").append(h.max);
            for (long count : h.buckets) {
                sql.append(", ").append(count);
            }
            sql.append(')');
        }
        sql.append(" on conflict (hour, server_id, tool_id, cached) do update set");
        String separator = " ";
        for (String column : HOUR_COUNTS.split(", ")) {
            sql.append(separator).append(column).append(" = t.").append(column).append(" + excluded.").append(column);
            separator = ", ";
        }
        sql.append(", duration_max_ms = greatest(t.duration_max_ms, excluded.duration_max_ms)").append(addBuckets);
        try (PreparedStatement upsert = connection.prepareStatement(sql.toString())) {
            int p = 0;
            for (Map.Entry<HourKey, HourTally> row : rows) {
                upsert.setObject(++p, OffsetDateTime.ofInstant(row.getKey().hour(), ZoneOffset.UTC));
                upsert.setString(++p, row.getKey().serverId());
                upsert.setString(++p, row.getKey().toolId());
                upsert.setBoolean(++p, row.getKey().cached());
            }
            upsert.executeUpdate();
        }
    }

    /** @return the principal-day of each pair this statement inserted (a tool new to that principal on that day) */
    private static List<PrincipalDay> upsertDays(Connection connection, List<Map.Entry<DayKey, DayTally>> rows) throws SQLException {
        StringBuilder sql = new StringBuilder(rows.size() * 40)
                .append("insert into tool_execution_principal_daily as t (day, principal, tool_id, calls, succeeded, rejected) values ");
        for (int i = 0; i < rows.size(); i++) {
            DayTally d = rows.get(i).getValue();
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ").append(d.calls).append(", ").append(d.succeeded)
                    .append(", ").append(d.rejected).append(')');
        }
        sql.append(" on conflict (day, principal, tool_id) do update set calls = t.calls + excluded.calls,"
                + " succeeded = t.succeeded + excluded.succeeded, rejected = t.rejected + excluded.rejected"
                // xmax is 0 on a row this statement inserted; an updated row carries the updater's lock
                + " returning t.day, t.principal, (t.xmax = 0) as new_pair");
        try (PreparedStatement upsert = connection.prepareStatement(sql.toString())) {
            int p = 0;
            for (Map.Entry<DayKey, DayTally> row : rows) {
                upsert.setObject(++p, row.getKey().day());
                upsert.setString(++p, row.getKey().principal());
                upsert.setString(++p, row.getKey().toolId());
            }
            List<PrincipalDay> inserted = new ArrayList<>();
            try (ResultSet result = upsert.executeQuery()) {
                while (result.next()) {
                    if (result.getBoolean(3)) {
                        inserted.add(new PrincipalDay(result.getObject(1, LocalDate.class), result.getString(2)));
                    }
                }
            }
            return inserted;
        }
    }

    private static void upsertPrincipalDays(Connection connection, List<Map.Entry<PrincipalDay, PrincipalDayTally>> rows)
            throws SQLException {
        StringBuilder sql = new StringBuilder(rows.size() * 40).append("insert into tool_execution_principal_totals_daily as t"
                + " (day, principal, calls, succeeded, rejected, distinct_tools) values ");
        for (int i = 0; i < rows.size(); i++) {
            PrincipalDayTally d = rows.get(i).getValue();
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ").append(d.calls).append(", ").append(d.succeeded)
                    .append(", ").append(d.rejected).append(", ").append(d.newTools).append(')');
        }
        sql.append(" on conflict (day, principal) do update set calls = t.calls + excluded.calls,"
                + " succeeded = t.succeeded + excluded.succeeded, rejected = t.rejected + excluded.rejected,"
                + " distinct_tools = t.distinct_tools + excluded.distinct_tools");
        try (PreparedStatement upsert = connection.prepareStatement(sql.toString())) {
            int p = 0;
            for (Map.Entry<PrincipalDay, PrincipalDayTally> row : rows) {
                upsert.setObject(++p, row.getKey().day());
                upsert.setString(++p, row.getKey().principal());
            }
            upsert.executeUpdate();
        }
    }

    /**
     * Deletes up to {@link #BATCH} roll-up rows of hours and days before {@code cutoff} from each roll-up.
     * @return rows deleted; call again while it returns {@link #BATCH} or more
     */
    public int deleteOlderThan(Instant cutoff) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement hours = connection.prepareStatement("delete from tool_execution_hourly where ctid in"
                     + " (select ctid from tool_execution_hourly where hour < ? limit " + BATCH + ")");
             PreparedStatement days = connection.prepareStatement("delete from tool_execution_principal_daily where ctid in"
                     + " (select ctid from tool_execution_principal_daily where day < ? limit " + BATCH + ")");
             PreparedStatement principalDays = connection.prepareStatement("delete from tool_execution_principal_totals_daily"
                     + " where ctid in (select ctid from tool_execution_principal_totals_daily where day < ? limit " + BATCH + ")")) {
            hours.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            days.setObject(1, LocalDate.ofInstant(cutoff, ZoneOffset.UTC));
            principalDays.setObject(1, LocalDate.ofInstant(cutoff, ZoneOffset.UTC));
            return Math.max(hours.executeUpdate(), Math.max(days.executeUpdate(), principalDays.executeUpdate()));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot delete old audit roll-ups: " + e.getMessage(), e);
        }
    }
}
