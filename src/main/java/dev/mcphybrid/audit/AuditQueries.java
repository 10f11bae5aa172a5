package dev.mcphybrid.audit;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.audit.entity.ToolExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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
        Cursor after = Cursor.decode(cursor);
        if (after != null) {
            jpql.append(" and (e.startedAt < :cursorAt or (e.startedAt = :cursorAt and e.id < :cursorId))");
            parameters.put("cursorAt", after.startedAt());
            parameters.put("cursorId", after.id());
        }
        jpql.append(" order by e.startedAt desc, e.id desc");
        TypedQuery<ToolExecution> query = em.createQuery(jpql.toString(), ToolExecution.class).setMaxResults(limit + 1);
        parameters.forEach(query::setParameter);
        List<AuditRecord> rows = query.getResultList().stream().map(ToolExecution::toRecord).toList();
        boolean more = rows.size() > limit;
        List<AuditRecord> page = more ? rows.subList(0, limit) : rows;
        String next = more ? new Cursor(page.get(limit - 1).startedAt(), page.get(limit - 1).id()).encode() : null;
        return new ExecutionPage(page.stream().map(AuditQueries::view).toList(), next);
    }

    @Transactional
    public Optional<ExecutionView> find(UUID id) {
        return Optional.ofNullable(em.find(ToolExecution.class, id)).map(ToolExecution::toRecord).map(AuditQueries::view);
    }

    @Transactional
    public ExecutionStats stats(Instant from, Instant to) {
        List<ExecutionStats.Row> total = rows("'all'", from, to);
        return new ExecutionStats(from, to,
                total.isEmpty() ? new ExecutionStats.Row("all", 0, 0, 0, 0, 0, null, null) : total.get(0),
                rows("tool_id", from, to), rows("server_id", from, to));
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
                r.cached(), r.startedAt(), r.durationMs(), r.workflowRunId(), r.workflowStep());
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static Double decimal(Object value) {
        return value == null ? null : Math.round(((Number) value).doubleValue() * 100.0) / 100.0;
    }

    /** Position after the last row of a page: its start time and id, opaque to clients. */
    record Cursor(Instant startedAt, UUID id) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (startedAt.toString() + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
                return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw dev.mcphybrid.problem.ProblemException.badRequest("cursor is not one this API returned");
            }
        }
    }
}
