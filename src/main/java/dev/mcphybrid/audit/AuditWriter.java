package dev.mcphybrid.audit;

import dev.mcphybrid.audit.entity.ToolExecution;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/** Writes one batch of audit records in one transaction; records already stored are skipped, so replays are safe. */
@ApplicationScoped
public class AuditWriter {

    @PersistenceContext(unitName = "gateway")
    EntityManager em;

    @Resource(lookup = "jdbc/gateway")
    DataSource dataSource;

    /** @return how many rows were inserted (fewer than the batch when some were already stored) */
    @Transactional
    public int write(List<AuditRecord> batch) {
        return insertNew(em, batch);
    }

    /** Whether a connection answers within two seconds. */
    public boolean reachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** The work of {@link #write} inside the caller's transaction. */
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
