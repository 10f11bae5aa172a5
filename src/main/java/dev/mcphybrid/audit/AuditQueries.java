package dev.mcphybrid.audit;

import dev.mcphybrid.audit.entity.ToolExecution;
import dev.mcphybrid.common.KeysetCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import static dev.mcphybrid.common.JsonSupport.JSON;

/** Reads the audit log for the API: keyset-paged lists, single executions and statistics. */
@ApplicationScoped
public class AuditQueries {

    @PersistenceContext(unitName = "gateway")
    EntityManager em;

    @Transactional
    public ExecutionPage page(ExecutionFilter filter, String cursor, int limit) {
        StringBuilder jpql = new StringBuilder("select e from ToolExecution e where 1 = 1");
        Map<String, Object> parameters = new LinkedHashMap<>();
        condition(jpql, parameters, "e.serverId = :server", "server", filter.serverId());
        condition(jpql, parameters, "e.toolId = :tool", "tool", filter.toolId());
        condition(jpql, parameters, "e.principal = :principal", "principal", filter.principal());
        condition(jpql, parameters, "e.status = :status", "status", filter.status());
        condition(jpql, parameters, "e.startedAt >= :from", "from", filter.from());
        condition(jpql, parameters, "e.startedAt < :to", "to", filter.to());
        condition(jpql, parameters, "e.traceId = :trace", "trace", filter.traceId());
        KeysetCursor after = KeysetCursor.decode(cursor);
        if (after != null) {
            jpql.append(" and (e.startedAt < :cursorAt or (e.startedAt = :cursorAt and e.id < :cursorId))");
            parameters.put("cursorAt", after.at());
            parameters.put("cursorId", after.id());
        }
        jpql.append(" order by e.startedAt desc, e.id desc");
        TypedQuery<ToolExecution> query = em.createQuery(jpql.toString(), ToolExecution.class).setMaxResults(limit + 1);
        parameters.forEach(query::setParameter);
        List<AuditRecord> rows = query.getResultList().stream().map(ToolExecution::toRecord).toList();
        boolean more = rows.size() > limit;
        List<AuditRecord> page = more ? rows.subList(0, limit) : rows;
        String next = more ? new KeysetCursor(page.get(limit - 1).startedAt(), page.get(limit - 1).id()).encode() : null;
        return new ExecutionPage(page.stream().map(AuditQueries::view).toList(), next);
    }

    @Transactional
    public Optional<ExecutionView> find(UUID id) {
        return Optional.ofNullable(em.find(ToolExecution.class, id)).map(ToolExecution::toRecord).map(AuditQueries::view);
    }

    /**
     * Counts, error rates and p50/p95 over [from, to). On PostgreSQL a window of {@link #ROLLUP_MIN_HOURS} whole UTC
     * hours or more is answered from the hourly roll-up for its whole hours and from the rows for the parts of hours
     * at its ends (the current hour among them): counts exact, percentiles from the duration buckets
     * ({@link DurationHistogram}). Shorter windows, H2, and {@code exact} read the rows only, percentiles exact.
     */
    @Transactional
    public ExecutionStats stats(Instant from, Instant to, boolean exact) {
        Instant firstHour = from.truncatedTo(ChronoUnit.HOURS);
        if (firstHour.isBefore(from)) {
            firstHour = firstHour.plus(Duration.ofHours(1));
        }
        Instant lastHour = to.truncatedTo(ChronoUnit.HOURS);
        if (!exact && Duration.between(firstHour, lastHour).toHours() >= ROLLUP_MIN_HOURS && postgres()) {
            return fromRollups(from, firstHour, lastHour, to);
        }
        List<ExecutionStats.Row> total = rows("'all'", from, to);
        return new ExecutionStats(from, to,
                total.isEmpty() ? new ExecutionStats.Row("all", 0, 0, 0, 0, 0, null, null) : total.get(0),
                rows("tool_id", from, to), rows("server_id", from, to), ExecutionStats.EXACT);
    }

    /** Below this many whole hours the rows answer fast enough (a few ms an hour) and exactly. */
    static final int ROLLUP_MIN_HOURS = 3;

    private volatile Boolean postgres;

    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            known = em.unwrap(org.hibernate.Session.class).doReturningWork(
                    connection -> "PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName()));
            postgres = known;
        }
        return known;
    }

    /** One tool's counts and duration buckets (REJECTED calls counted, not bucketed), summed from any source. */
    private static final class Tally {
        final String toolId;
        final String serverId;
        long count, errors, timeouts, rejected;
        final long[] buckets = new long[DurationHistogram.BUCKETS];

        Tally(String toolId, String serverId) {
            this.toolId = toolId;
            this.serverId = serverId;
        }

        void add(Tally other) {
            count += other.count;
            errors += other.errors;
            timeouts += other.timeouts;
            rejected += other.rejected;
            for (int b = 0; b < buckets.length; b++) {
                buckets[b] += other.buckets[b];
            }
        }

        ExecutionStats.Row row(String key) {
            return new ExecutionStats.Row(key, count, errors, timeouts, rejected,
                    Math.round((errors + timeouts) * 10000.0 / count) / 10000.0,
                    decimal(DurationHistogram.percentile(buckets, 0.5)), decimal(DurationHistogram.percentile(buckets, 0.95)));
        }
    }

    private ExecutionStats fromRollups(Instant from, Instant firstHour, Instant lastHour, Instant to) {
        Map<String, Tally> tools = new HashMap<>();
        StringBuilder sql = new StringBuilder("select tool_id, server_id, sum(calls), sum(errors), sum(timeouts), sum(rejected)");
        for (int b = 0; b < DurationHistogram.BUCKETS; b++) {
            sql.append(", sum(").append(DurationHistogram.column(b)).append(')');
        }
        sql.append(" from tool_execution_hourly where hour >= ?1 and hour < ?2 group by tool_id, server_id");
        for (Object[] r : results(sql.toString(), firstHour, lastHour)) {
            Tally t = tools.computeIfAbsent((String) r[0], id -> new Tally(id, (String) r[1]));
            t.count += number(r[2]);
            t.errors += number(r[3]);
            t.timeouts += number(r[4]);
            t.rejected += number(r[5]);
            for (int b = 0; b < DurationHistogram.BUCKETS; b++) {
                t.buckets[b] += number(r[6 + b]);
            }
        }
        String edge = "select tool_id, server_id, status, audit_duration_bucket(duration_ms), count(*) from tool_execution"
                + " where started_at >= ?1 and started_at < ?2 group by tool_id, server_id, status, audit_duration_bucket(duration_ms)";
        for (Instant[] part : new Instant[][] {{from, firstHour}, {lastHour, to}}) {
            if (!part[0].isBefore(part[1])) {
                continue;
            }
            for (Object[] r : results(edge, part[0], part[1])) {
                Tally t = tools.computeIfAbsent((String) r[0], id -> new Tally(id, (String) r[1]));
                long n = number(r[4]);
                t.count += n;
                switch (ExecutionStatus.valueOf((String) r[2])) {
                    case ERROR -> t.errors += n;
                    case TIMEOUT -> t.timeouts += n;
                    case REJECTED -> t.rejected += n;
                    default -> { }
                }
                if (!"REJECTED".equals(r[2])) {
                    t.buckets[(int) number(r[3])] += n;
                }
            }
        }
        Tally total = new Tally("all", null);
        Map<String, Tally> servers = new HashMap<>();
        for (Tally t : tools.values()) {
            total.add(t);
            servers.computeIfAbsent(t.serverId, id -> new Tally(null, id)).add(t);
        }
        Comparator<ExecutionStats.Row> busiestFirst = Comparator.comparingLong(ExecutionStats.Row::count).reversed()
                .thenComparing(ExecutionStats.Row::key);
        return new ExecutionStats(from, to,
                total.count == 0 ? new ExecutionStats.Row("all", 0, 0, 0, 0, 0, null, null) : total.row("all"),
                tools.values().stream().filter(t -> t.count > 0).map(t -> t.row(t.toolId)).sorted(busiestFirst).toList(),
                servers.values().stream().filter(t -> t.count > 0).map(t -> t.row(t.serverId)).sorted(busiestFirst).toList(),
                ExecutionStats.HISTOGRAM);
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> results(String sql, Instant from, Instant to) {
        return em.createNativeQuery(sql)
                .setParameter(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .setParameter(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
                .getResultList();
    }

    /** Percentiles need SQL's percentile_cont (PostgreSQL and H2 both have it), hence a native query. */
    private List<ExecutionStats.Row> rows(String groupBy, Instant from, Instant to) {
        String sql = "select " + groupBy + " as k, count(*),"
                + " sum(case when status = 'ERROR' then 1 else 0 end),"
                + " sum(case when status = 'TIMEOUT' then 1 else 0 end),"
                + " sum(case when status = 'REJECTED' then 1 else 0 end),"
                + " percentile_cont(0.5) within group (order by case when status <> 'REJECTED' then duration_ms end),"
                + " percentile_cont(0.95) within group (order by case when status <> 'REJECTED' then duration_ms end)"
                + " from tool_execution where started_at >= ?1 and started_at < ?2"
                + ("'all'".equals(groupBy) ? "" : " group by " + groupBy + " order by count(*) desc, " + groupBy);
        @SuppressWarnings("unchecked")
        List<Object[]> result = em.createNativeQuery(sql)
                .setParameter(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .setParameter(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
                .getResultList();
        List<ExecutionStats.Row> rows = new ArrayList<>();
        for (Object[] r : result) {
            long count = ((Number) r[1]).longValue();
            if (count == 0) {
                continue;
            }
            long errors = number(r[2]);
            long timeouts = number(r[3]);
            rows.add(new ExecutionStats.Row(String.valueOf(r[0]), count, errors, timeouts, number(r[4]),
                    Math.round((errors + timeouts) * 10000.0 / count) / 10000.0, decimal(r[5]), decimal(r[6])));
        }
        return rows;
    }

    private static void condition(StringBuilder jpql, Map<String, Object> parameters, String clause, String name, Object value) {
        if (value != null) {
            jpql.append(" and ").append(clause);
            parameters.put(name, value);
        }
    }

    private static ExecutionView view(AuditRecord r) {
        JsonValue arguments = null;
        if (r.arguments() != null) {
            try (var reader = JSON.createReader(new StringReader(r.arguments()))) {
                arguments = reader.readValue();
            }
        }
        return new ExecutionView(r.id(), r.requestId(), r.toolId(), r.serverId(), r.toolName(), r.principal(),
                r.clientAddress(), r.clientAgent(), arguments, r.resultSummary(), r.resultSize(), r.status(), r.error(),
                r.cached(), r.startedAt(), r.durationMs(), r.workflowRunId(), r.workflowStep(), r.traceId());
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Double decimal(Object value) {
        return value == null ? null : Math.round(((Number) value).doubleValue() * 100.0) / 100.0;
    }
}
