package dev.mcphybrid.registry;

import dev.mcphybrid.registry.entity.RegisteredServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/** Runtime registrations in the database, so they survive a restart. */
@ApplicationScoped
public class RegistrationStore {

    @PersistenceContext(unitName = "gateway")
    EntityManager em;

    @Transactional
    public List<RegisteredServer> all() {
        return em.createQuery("select r from RegisteredServer r order by r.id", RegisteredServer.class).getResultList();
    }

    @Transactional
    public boolean exists(String id) {
        return em.find(RegisteredServer.class, id) != null;
    }

    @Transactional
    public void save(RegisteredServer registration) {
        em.persist(registration);
    }

    /** @return whether a row was deleted */
    @Transactional
    public boolean delete(String id) {
        RegisteredServer row = em.find(RegisteredServer.class, id);
        if (row == null) {
            return false;
        }
        em.remove(row);
        return true;
    }
}
