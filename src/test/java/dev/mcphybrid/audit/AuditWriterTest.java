package dev.mcphybrid.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.audit.entity.ToolExecution;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real writer, mapping and migrations on an H2 database (with the URL options of the embedded default). */
class AuditWriterTest {

    private static final String OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    private static EntityManagerFactory factory;

    @BeforeAll
    static void database(@TempDir Path directory) {
        String url = "jdbc:h2:" + directory.resolve("gateway") + OPTIONS;
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration")
                .placeholders(java.util.Map.of("json_type", "json")).load().migrate();
        factory = new Configuration().addAnnotatedClass(ToolExecution.class)
                .setProperty("hibernate.connection.url", url)
                .setProperty("hibernate.connection.username", "sa")
                .setProperty("hibernate.connection.password", "")
                .setProperty("hibernate.hbm2ddl.auto", "none")
                .buildSessionFactory();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @Test
    void a_batch_written_again_inserts_only_the_records_not_yet_stored() {
        List<AuditRecord> first = AuditPipelineTest.records(5);
        List<AuditRecord> again = new java.util.ArrayList<>(first.subList(2, 5));
        again.addAll(AuditPipelineTest.records(2));

        assertThat(write(first)).isEqualTo(5);
        assertThat(write(again)).as("three of the five were stored by the first write").isEqualTo(2);
        assertThat(count(first)).isEqualTo(5);
        assertThat(count(again)).isEqualTo(5);
    }

    @Test
    void text_the_database_cannot_hold_is_stored_as_the_replacement_character() {
        AuditRecord record = AuditPipelineTest.record("{\"message\":\"a\\u0000b\"}", "x\u0000y");
        write(List.of(record));
        EntityManager em = factory.createEntityManager();
        try {
            AuditRecord stored = em.find(ToolExecution.class, record.id()).toRecord();
            assertThat(stored.resultSummary()).isEqualTo("x\uFFFDy");
            assertThat(stored.arguments()).contains("a\uFFFDb").doesNotContain("\\u0000");
        } finally {
            em.close();
        }
    }

    private static int write(List<AuditRecord> batch) {
        EntityManager em = factory.createEntityManager();
        try {
            em.getTransaction().begin();
            int inserted = AuditWriter.insertNew(em, batch);
            em.getTransaction().commit();
            return inserted;
        } finally {
            em.close();
        }
    }

    private static long count(List<AuditRecord> records) {
        EntityManager em = factory.createEntityManager();
        try {
            List<UUID> ids = records.stream().map(AuditRecord::id).toList();
            return em.createQuery("select count(e) from ToolExecution e where e.id in :ids", Long.class)
                    .setParameter("ids", ids).getSingleResult();
        } finally {
            em.close();
        }
    }
}
