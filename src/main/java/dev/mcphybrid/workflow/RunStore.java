package dev.mcphybrid.workflow;

import dev.mcphybrid.workflow.entity.StepRunKey;
import dev.mcphybrid.workflow.entity.StepRunRow;
import dev.mcphybrid.workflow.entity.StoredWorkflow;
import dev.mcphybrid.workflow.entity.WorkflowRunRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The workflow tables: runs, their steps and the definitions made through the API. Each method is one short
 * transaction; the lease methods are single conditional updates, so two instances can never both claim a run.
 */
@ApplicationScoped
public class RunStore {

    @PersistenceContext(unitName = "gateway")
    EntityManager em;

    @Transactional
    public void insert(WorkflowRunRow run, List<StepRunRow> steps) {
        em.persist(run);
        steps.forEach(em::persist);
    }

    @Transactional
    public void saveStep(StepRunRow step) {
        em.merge(step);
    }

    /** Writes the run's state; only while this instance holds its lease (or none does), so a lost run is left alone. */
    @Transactional
    public boolean saveRun(UUID id, String owner, String status, String stopMode, String error, String output, Instant finishedAt) {
        return em.createQuery("update WorkflowRunRow r set r.status = :status, r.stopMode = :stopMode, r.error = :error,"
                        + " r.output = :output, r.finishedAt = :finishedAt where r.id = :id and (r.leaseOwner = :owner or r.leaseOwner is null)")
                .setParameter("status", status).setParameter("stopMode", stopMode).setParameter("error", error)
                .setParameter("output", output).setParameter("finishedAt", finishedAt).setParameter("id", id)
                .setParameter("owner", owner).executeUpdate() == 1;
    }

    @Transactional
    public Optional<WorkflowRunRow> run(UUID id) {
        return Optional.ofNullable(em.find(WorkflowRunRow.class, id));
    }

    @Transactional
    public List<StepRunRow> steps(UUID runId) {
        return em.createQuery("select s from StepRunRow s where s.key.runId = :id", StepRunRow.class)
                .setParameter("id", runId).getResultList();
    }

    /** Runs newest first after the cursor position (created_at, id), at most {@code limit}. */
    @Transactional
    public List<WorkflowRunRow> page(String workflowId, String status, Instant beforeCreated, UUID beforeId, int limit) {
        StringBuilder jpql = new StringBuilder("select r from WorkflowRunRow r where 1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (workflowId != null) {
            jpql.append(" and r.workflowId = :workflow");
            parameters.put("workflow", workflowId);
        }
        if (status != null) {
            jpql.append(" and r.status = :status");
            parameters.put("status", status);
        }
        if (beforeCreated != null) {
            jpql.append(" and (r.createdAt < :created or (r.createdAt = :created and r.id < :id))");
            parameters.put("created", beforeCreated);
            parameters.put("id", beforeId);
        }
        jpql.append(" order by r.createdAt desc, r.id desc");
        TypedQuery<WorkflowRunRow> query = em.createQuery(jpql.toString(), WorkflowRunRow.class).setMaxResults(limit);
        parameters.forEach(query::setParameter);
        return query.getResultList();
    }

    /** @return 1 when the run was running and is now asked to cancel, 0 when it was not running */
    @Transactional
    public int requestCancel(UUID id) {
        return em.createQuery("update WorkflowRunRow r set r.cancelRequested = true where r.id = :id and r.status = 'RUNNING'")
                .setParameter("id", id).executeUpdate();
    }

    /**
     * Extends this instance's leases on the given runs.
     *
     * @return the runs still held, with whether a cancel was asked for meanwhile (through another instance)
     */
    @Transactional
    public Map<UUID, Boolean> renew(List<UUID> ids, String owner, Instant until) {
        Map<UUID, Boolean> held = new HashMap<>();
        if (ids.isEmpty()) {
            return held;
        }
        em.createQuery("update WorkflowRunRow r set r.leaseUntil = :until where r.id in :ids and r.leaseOwner = :owner")
                .setParameter("until", until).setParameter("ids", ids).setParameter("owner", owner).executeUpdate();
        for (Object[] row : em.createQuery("select r.id, r.cancelRequested from WorkflowRunRow r where r.id in :ids and r.leaseOwner = :owner",
                Object[].class).setParameter("ids", ids).setParameter("owner", owner).getResultList()) {
            held.put((UUID) row[0], (Boolean) row[1]);
        }
        return held;
    }

    /** Running runs whose lease has run out, or that this instance held before it restarted. */
    @Transactional
    public List<UUID> claimable(String owner, Instant now, int limit) {
        return em.createQuery("select r.id from WorkflowRunRow r where r.status = 'RUNNING'"
                        + " and (r.leaseOwner is null or r.leaseUntil < :now or r.leaseOwner = :owner) order by r.createdAt", UUID.class)
                .setParameter("now", now).setParameter("owner", owner).setMaxResults(limit).getResultList();
    }

    /** Takes the lease of a run found claimable, unless another instance was quicker. */
    @Transactional
    public boolean claim(UUID id, String owner, Instant now, Instant until, boolean ownStale) {
        String condition = ownStale ? "(r.leaseOwner is null or r.leaseUntil < :now or r.leaseOwner = :owner)"
                : "(r.leaseOwner is null or r.leaseUntil < :now)";
        return em.createQuery("update WorkflowRunRow r set r.leaseOwner = :owner, r.leaseUntil = :until"
                        + " where r.id = :id and r.status = 'RUNNING' and " + condition)
                .setParameter("owner", owner).setParameter("until", until).setParameter("id", id).setParameter("now", now)
                .executeUpdate() == 1;
    }

    /** Gives the leases up at shutdown, so another instance (or this one restarted) takes the runs over at once. */
    @Transactional
    public void release(List<UUID> ids, String owner) {
        if (!ids.isEmpty()) {
            em.createQuery("update WorkflowRunRow r set r.leaseUntil = :past where r.id in :ids and r.leaseOwner = :owner")
                    .setParameter("past", Instant.EPOCH).setParameter("ids", ids).setParameter("owner", owner).executeUpdate();
        }
    }

    @Transactional
    public List<StoredWorkflow> definitions() {
        return em.createQuery("select w from StoredWorkflow w order by w.id", StoredWorkflow.class).getResultList();
    }

    @Transactional
    public void saveDefinition(String id, String json, String by) {
        StoredWorkflow row = em.find(StoredWorkflow.class, id);
        if (row == null) {
            row = new StoredWorkflow();
            row.id = id;
            row.definition = json;
            row.updatedAt = Instant.now();
            row.updatedBy = by;
            em.persist(row);
        } else {
            row.definition = json;
            row.updatedAt = Instant.now();
            row.updatedBy = by;
        }
    }

    @Transactional
    public boolean deleteDefinition(String id) {
        return em.createQuery("delete from StoredWorkflow w where w.id = :id").setParameter("id", id).executeUpdate() == 1;
    }

    static StepRunKey key(UUID runId, String stepId) {
        return new StepRunKey(runId, stepId);
    }
}
