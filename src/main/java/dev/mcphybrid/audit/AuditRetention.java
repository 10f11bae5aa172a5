package dev.mcphybrid.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Deletes audit rows older than the retention, a bounded batch per transaction so locks stay short. */
@ApplicationScoped
public class AuditRetention {

    static final int BATCH = 10_000;

    @PersistenceContext(unitName = "gateway")
    EntityManager em;

    /** @return rows deleted by this batch; call again while it returns {@link #BATCH} */
    @Transactional
    public int deleteBatchOlderThan(Instant cutoff) {
        return em.createNativeQuery("delete from tool_execution where id in "
                        + "(select id from tool_execution where started_at < ?1 limit " + BATCH + ")")
                .setParameter(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
                .executeUpdate();
    }
}
