package dev.mcphybrid.access;

import dev.mcphybrid.access.entity.StoredPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.Optional;

/** The cluster-wide access policy in the database (V3__access_policy.sql). */
@ApplicationScoped
public class PolicyStore {

    @PersistenceContext(unitName = "gateway")
    EntityManager em;

    @Transactional
    public Optional<StoredPolicy> current() {
        return Optional.ofNullable(em.find(StoredPolicy.class, StoredPolicy.ID));
    }

    @Transactional
    public void save(String document, String principal) {
        StoredPolicy row = em.find(StoredPolicy.class, StoredPolicy.ID);
        if (row == null) {
            em.persist(new StoredPolicy(document, principal, OffsetDateTime.now()));
        } else {
            row.replace(document, principal, OffsetDateTime.now());
        }
    }
}
