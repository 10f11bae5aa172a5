package dev.mcphybrid.audit;

import dev.mcphybrid.audit.entity.ToolExecution;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Writes one batch of audit records in one transaction; records already stored are skipped, so replays are safe.
 * On PostgreSQL one multi-row {@code INSERT ... ON CONFLICT DO NOTHING} per batch (the primary key (id, started_at)
 * skips what is stored: a replayed record keeps its started_at), and the rows it stored added to the roll-ups
 * ({@link AuditRollups}) in the same transaction; on H2 through JPA after looking up the ids (no roll-ups there).
 */
@ApplicationScoped
public class AuditWriter {

    static final String COLUMNS = "id, request_id, tool_id, server_id, tool_name, principal, client_address, client_agent,"
            + " arguments, result_summary, result_size, status, error, cached, started_at, duration_ms, workflow_run_id, workflow_step, trace_id";
    /** One row's placeholders, in the order of {@link #COLUMNS}; {@link #bindRow} fills them. */
    static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    @PersistenceContext(unitName = "gateway")
    EntityManager em;

    @Resource(lookup = "jdbc/gateway")
    DataSource dataSource;

    /** @return how many rows were inserted (fewer than the batch when some were already stored) */
    private volatile Boolean postgres;

    @Transactional
    public int write(List<AuditRecord> batch) {
        if (!postgres()) {
            return insertNew(em, batch);
        }
        try (Connection connection = dataSource.getConnection()) {
            return insertNew(connection, batch);
        } catch (SQLException e) {
            throw new IllegalStateException("Audit batch not stored: " + e.getMessage(), e);
        }
    }

    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            try (Connection connection = dataSource.getConnection()) {
                known = "PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
            } catch (SQLException e) {
                throw new IllegalStateException("Audit batch not stored: " + e.getMessage(), e);
            }
            postgres = known;
        }
        return known;
    }

    /**
     * The PostgreSQL work of {@link #write} on the caller's connection (and transaction): one statement for the whole
     * batch, the values made storable exactly as the JPA mapping makes them ({@link ToolExecution#of}).
     * @return rows inserted
     */
    static int insertNew(Connection connection, List<AuditRecord> batch) throws SQLException {
        List<AuditRecord> inserted = new ArrayList<>(batch.size());
        // a statement carries at most 32,767 parameters (19 a row): larger batches (gateway.audit.batch-size) go in parts
        for (int from = 0; from < batch.size(); from += MAX_ROWS_PER_STATEMENT) {
            inserted.addAll(insertStatement(connection, batch.subList(from, Math.min(batch.size(), from + MAX_ROWS_PER_STATEMENT))));
        }
        // only the rows this statement stored count: a replayed row already counted when it was first stored
        AuditRollups.add(connection, inserted);
        return inserted.size();
    }

    static final int MAX_ROWS_PER_STATEMENT = 1000;

    /** @return the rows stored (as stored), without those already there */
    private static List<AuditRecord> insertStatement(Connection connection, List<AuditRecord> batch) throws SQLException {
        StringBuilder sql = new StringBuilder(120 + batch.size() * (ROW.length() + 2))
                .append("insert into tool_execution (").append(COLUMNS).append(") values ");
        for (int i = 0; i < batch.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(ROW);
        }
        sql.append(" on conflict do nothing returning id");
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            int p = 0;
            List<AuditRecord> stored = new ArrayList<>(batch.size());
            for (AuditRecord original : batch) {
                AuditRecord row = ToolExecution.of(original).toRecord();
                stored.add(row);
                p = bindRow(insert, p, row);
            }
            Set<UUID> inserted = new HashSet<>();
            try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getObject(1, UUID.class));
                }
            }
            return inserted.size() == stored.size() ? stored : stored.stream().filter(r -> inserted.remove(r.id())).toList();
        }
    }

    /** Binds one record to the {@link #ROW} placeholders after position {@code p}; returns the last position bound. */
    static int bindRow(PreparedStatement insert, int p, AuditRecord r) throws SQLException {
        insert.setObject(++p, r.id());
        insert.setString(++p, r.requestId());
        insert.setString(++p, r.toolId());
        insert.setString(++p, r.serverId());
        insert.setString(++p, r.toolName());
        insert.setString(++p, r.principal());
        insert.setString(++p, r.clientAddress());
        insert.setString(++p, r.clientAgent());
        insert.setString(++p, r.arguments());
        insert.setString(++p, r.resultSummary());
        if (r.resultSize() == null) {
            insert.setNull(++p, Types.INTEGER);
        } else {
            insert.setInt(++p, r.resultSize());
        }
        insert.setString(++p, r.status().name());
        insert.setString(++p, r.error());
        insert.setBoolean(++p, r.cached());
        insert.setObject(++p, OffsetDateTime.ofInstant(r.startedAt(), ZoneOffset.UTC));
        insert.setLong(++p, r.durationMs());
        insert.setObject(++p, r.workflowRunId());
        insert.setString(++p, r.workflowStep());
        insert.setString(++p, r.traceId());
        return p;
    }

    /** Whether a connection answers within two seconds. */
    public boolean reachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** The H2 work of {@link #write} inside the caller's transaction. */
    static int insertNew(EntityManager em, List<AuditRecord> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<UUID> ids = batch.stream().map(AuditRecord::id).toList();
        // a record is replayed with its own started_at, so the batch's time span bounds the search: on a table
        // partitioned by started_at only the partitions of that span are read, not one index per day of retention
        Instant first = batch.stream().map(AuditRecord::startedAt).min(Instant::compareTo).orElseThrow();
        Instant last = batch.stream().map(AuditRecord::startedAt).max(Instant::compareTo).orElseThrow();
        Set<UUID> stored = new HashSet<>(em.createQuery(
                        "select e.id from ToolExecution e where e.id in :ids and e.startedAt between :first and :last", UUID.class)
                .setParameter("ids", ids).setParameter("first", first).setParameter("last", last).getResultList());
        int inserted = 0;
        for (AuditRecord record : batch) {
            if (stored.add(record.id())) {
                em.persist(ToolExecution.of(record));
                inserted++;
            }
        }
        // inserts fail here rather than at commit, so the database's own exception (and its SQLState) reaches the caller
        em.flush();
        return inserted;
    }
}
