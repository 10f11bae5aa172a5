package dev.mcphybrid.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.audit.entity.ToolExecution;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The partitioned audit table on the real PostgreSQL, in a schema of its own (dropped at the end): the conversion
 * migration, partitions made ahead and dropped by retention, the default partition, writes and paging across a
 * partition boundary. Each test works on days of its own, far from the others'.
 */
class AuditPartitionsIT {

    static final String URL = System.getProperty("it.db.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getProperty("it.db.user", "postgres");
    static final String SCHEMA = "audit_partitions_it_" + System.currentTimeMillis();
    static final Instant TODAY = PartitionInterval.DAY.floor(Instant.now());

    static Connection db;
    static AuditPartitions partitions;
    static EntityManagerFactory factory;
    static long rowsBefore;
    static String digestBefore;

    @BeforeAll
    static void migrate_a_schema_with_rows_in_the_unpartitioned_table_then_convert_it() throws Exception {
        db = DriverManager.getConnection(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA, USER, "");
        // an installation from before V6: the shared migrations up to V5 and an earlier revision of the DBA views,
        // which hang on the old table
        Path before = Files.createTempDirectory("migrations-before-v6");
        for (String name : List.of("V1__registered_servers.sql", "V2__tool_execution.sql", "V3__access_policy.sql",
                "V5__cancelled_status.sql")) {
            Files.writeString(before.resolve(name), resource("db/migration/" + name));
        }
        Files.writeString(before.resolve("R__dba_views.sql"), """
                -- an earlier revision, on the unpartitioned table
                create or replace view audit_error_rate_hourly as
                select server_id, date_trunc('hour', started_at) as hour, count(*) as calls,
                       count(*) filter (where status <> 'SUCCESS') as failures
                from tool_execution group by server_id, date_trunc('hour', started_at);
                create or replace view audit_recent_failures as
                select id, started_at, tool_id, server_id, principal, status, error, duration_ms, request_id
                from tool_execution where status <> 'SUCCESS' and started_at > now() - interval '7 days';
                """);
        flyway().locations("filesystem:" + before).load().migrate();
        try (Statement statement = db.createStatement()) {
            // 12 days of history, some with a NULL-heavy row, two rows sharing a start time
            statement.execute("""
                    insert into tool_execution (id, request_id, tool_id, server_id, tool_name, principal, arguments,
                                                status, error, cached, started_at, duration_ms)
                    select gen_random_uuid(), 'old-' || i, 's.t' || (i % 3), 's', 't' || (i % 3), 'p' || (i % 5),
                           case when i % 4 = 0 then null else jsonb_build_object('i', i) end,
                           case when i % 10 = 0 then 'ERROR' else 'SUCCESS' end,
                           case when i % 10 = 0 then 'boom' end, i % 7 = 0,
                           now() - interval '12 days' + (i % 1000) * interval '17 minutes', i
                    from generate_series(1, 3000) i""");
        }
        rowsBefore = count("select count(*) from tool_execution");
        digestBefore = digest();
        flyway().load().migrate();

        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
        dataSource.setUser(USER);
        partitions = new AuditPartitions();
        partitions.dataSource = dataSource;
        factory = new Configuration().addAnnotatedClass(ToolExecution.class)
                .setProperty("hibernate.connection.url", URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA)
                .setProperty("hibernate.connection.username", USER)
                .setProperty("hibernate.connection.password", "")
                .setProperty("hibernate.hbm2ddl.auto", "none")
                .buildSessionFactory();
    }

    /** The gateway's migrations for PostgreSQL (DatabaseMigration), into the schema of this test. */
    static org.flywaydb.core.api.configuration.FluentConfiguration flyway() {
        return flyway(SCHEMA);
    }

    /** The gateway's migrations for PostgreSQL (DatabaseMigration), into {@code schema}; AuditRollupsIT's too. */
    static org.flywaydb.core.api.configuration.FluentConfiguration flyway(String schema) {
        return Flyway.configure().dataSource(URL, USER, "").schemas(schema).defaultSchema(schema).createSchemas(true)
                .locations("classpath:db/migration", "classpath:db/vendor/postgresql").placeholders(Map.of("json_type", "jsonb"));
    }

    @AfterAll
    static void dropTheSchema() throws SQLException {
        if (factory != null) {
            factory.close();
        }
        try (Statement statement = db.createStatement()) {
            statement.execute("drop schema " + SCHEMA + " cascade");
        }
        db.close();
    }

    @Test
    void the_conversion_keeps_every_row_as_it_was_in_one_partition_per_day_and_a_default_one() throws SQLException {
        assertThat(count("select count(*) from tool_execution where request_id like 'old-%'")).isEqualTo(rowsBefore).isEqualTo(3000);
        assertThat(digest()).isEqualTo(digestBefore);
        assertThat(count("select count(*) from pg_partitioned_table where partrelid = 'tool_execution'::regclass")).isOne();
        assertThat(partitions.partitioned()).isTrue();
        Instant first = PartitionInterval.DAY.floor(Instant.now().minus(Duration.ofDays(12)));
        Instant end = TODAY.plus(Duration.ofDays(4));
        // other tests of this class add partitions far from these days
        List<PartitionPlan.Range> ranges = partitions.ranges().stream()
                .filter(r -> !r.from().isBefore(first) && !r.to().isAfter(end)).toList();
        assertThat(ranges).hasSize(16);
        assertThat(ranges.get(0).from()).isEqualTo(PartitionInterval.DAY.floor(Instant.now().minus(Duration.ofDays(12))));
        assertThat(ranges.get(ranges.size() - 1).to()).isEqualTo(TODAY.plus(Duration.ofDays(4)));
        for (int i = 1; i < ranges.size(); i++) {
            assertThat(ranges.get(i).from()).as("no gap before " + ranges.get(i).name()).isEqualTo(ranges.get(i - 1).to());
            assertThat(Duration.between(ranges.get(i).from(), ranges.get(i).to())).isEqualTo(Duration.ofDays(1));
        }
        assertThat(count("select count(*) from tool_execution_default")).isZero();
        assertThat(count("""
                select count(*) from tool_execution t join pg_class c on c.oid = t.tableoid
                where c.relname <> 'tool_execution_p' || to_char(t.started_at at time zone 'UTC', 'YYYYMMDD')""")).isZero();
        assertThat(text("select pg_get_constraintdef(oid) from pg_constraint where conrelid = 'tool_execution'::regclass and contype = 'p'"))
                .isEqualTo("PRIMARY KEY (id, started_at)");
        assertThat(text("select pg_get_constraintdef(oid) from pg_constraint where conrelid = 'tool_execution'::regclass"
                + " and conname = 'tool_execution_status_check'")).as("as V5 left it").contains("'CANCELLED'");
        // the DBA views were made again on the partitioned table and answer
        assertThat(count("select count(*) from audit_recent_failures")).isPositive();
        assertThat(count("select count(*) from audit_error_rate_hourly")).isPositive();
    }

    @Test
    void the_gateway_creates_the_current_period_and_those_ahead_once_and_rows_land_in_their_partition() throws SQLException {
        Instant later = TODAY.plus(Duration.ofDays(40)).plus(Duration.ofHours(13));
        List<String> created = partitions.createAhead(later, PartitionInterval.DAY, 2);

        assertThat(created).containsExactly(PartitionPlan.name(TODAY.plus(Duration.ofDays(40))),
                PartitionPlan.name(TODAY.plus(Duration.ofDays(41))), PartitionPlan.name(TODAY.plus(Duration.ofDays(42))));
        assertThat(partitions.createAhead(later, PartitionInterval.DAY, 2)).as("a second round finds them made").isEmpty();

        AuditRecord row = record(later);
        write(List.of(row));
        assertThat(text("select tableoid::regclass::text from tool_execution where id = '" + row.id() + "'"))
                .isEqualTo(PartitionPlan.name(TODAY.plus(Duration.ofDays(40))));
    }

    @Test
    void rows_without_a_partition_wait_in_the_default_one_and_move_into_theirs_when_it_is_made() throws SQLException {
        Instant day = TODAY.plus(Duration.ofDays(60));
        List<AuditRecord> rows = List.of(record(day.plus(Duration.ofHours(1))), record(day.plus(Duration.ofHours(23))),
                record(day.plus(Duration.ofDays(1)).plus(Duration.ofHours(2))));
        write(rows);
        assertThat(count("select count(*) from tool_execution_default")).isEqualTo(3);

        assertThat(partitions.createAhead(day, PartitionInterval.DAY, 0)).containsExactly(PartitionPlan.name(day));

        assertThat(count("select count(*) from " + PartitionPlan.name(day))).isEqualTo(2);
        assertThat(count("select count(*) from tool_execution_default")).as("the next day's row stays").isOne();
        assertThat(count("select count(*) from tool_execution where request_id like 'gw-%' and started_at >= '"
                + day + "' and started_at < '" + day.plus(Duration.ofDays(2)) + "'")).isEqualTo(3);
        assertThat(text("select string_agg(indexdef, ';') from pg_indexes where tablename = '" + PartitionPlan.name(day) + "'"))
                .as("an attached partition gets the table's indexes").contains("(started_at DESC, id DESC)", "(id, started_at)");
        // a row written twice (a spool replay) is stored once, whatever partition it is in
        assertThat(write(rows)).isZero();
        partitions.createAhead(day.plus(Duration.ofDays(1)), PartitionInterval.DAY, 0);
    }

    @Test
    void retention_drops_whole_partitions_that_are_all_older_and_deletes_old_rows_of_the_default_one() throws SQLException {
        Instant old = TODAY.minus(Duration.ofDays(400));
        partitions.create(new PartitionPlan.Range(PartitionPlan.name(old), old, old.plus(Duration.ofDays(1))));
        Instant next = old.plus(Duration.ofDays(1));
        partitions.create(new PartitionPlan.Range(PartitionPlan.name(next), next, next.plus(Duration.ofDays(1))));
        write(List.of(record(old.plus(Duration.ofHours(5))), record(next.plus(Duration.ofHours(5))),
                record(old.minus(Duration.ofDays(3))))); // older than every partition: in the default one

        Instant cutoff = next.plus(Duration.ofHours(12)); // inside the second day: that partition must stay
        List<String> dropped = partitions.dropOlderThan(cutoff);

        assertThat(dropped).containsExactly(PartitionPlan.name(old));
        assertThat(count("select count(*) from pg_class where relname = '" + PartitionPlan.name(old) + "'")).isZero();
        assertThat(count("select count(*) from " + PartitionPlan.name(next))).isOne();
        assertThat(partitions.deleteFromDefaultOlderThan(cutoff, 10_000)).isOne();
        assertThat(partitions.deleteFromDefaultOlderThan(cutoff, 10_000)).isZero();
        partitions.dropOlderThan(next.plus(Duration.ofDays(1)));
    }

    @Test
    void keyset_paging_across_a_partition_boundary_returns_each_row_once_newest_first() throws SQLException {
        Instant midnight = TODAY.minus(Duration.ofDays(200));
        partitions.create(new PartitionPlan.Range(PartitionPlan.name(midnight.minus(Duration.ofDays(1))),
                midnight.minus(Duration.ofDays(1)), midnight));
        partitions.create(new PartitionPlan.Range(PartitionPlan.name(midnight), midnight, midnight.plus(Duration.ofDays(1))));
        List<AuditRecord> rows = new ArrayList<>();
        for (int i = -20; i < 20; i++) {
            rows.add(record(midnight.plusMillis(i * 250L)));
        }
        rows.add(record(midnight)); // several rows at the boundary itself
        rows.add(record(midnight));
        write(rows);

        AuditQueries queries = new AuditQueries();
        EntityManager em = factory.createEntityManager();
        queries.em = em;
        try {
            ExecutionFilter filter = new ExecutionFilter(null, null, null, null, midnight.minus(Duration.ofHours(1)),
                    midnight.plus(Duration.ofHours(1)));
            Set<UUID> seen = new HashSet<>();
            List<Instant> order = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                ExecutionPage page = queries.page(filter, cursor, 7);
                page.items().forEach(e -> {
                    assertThat(seen.add(e.id())).as("returned once: " + e.id()).isTrue();
                    order.add(e.startedAt());
                });
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null);
            assertThat(seen).hasSize(rows.size());
            assertThat(pages).isEqualTo(6);
            assertThat(order).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        } finally {
            em.close();
        }
    }

    /** The gateway's PostgreSQL write path, in a transaction of its own. */
    static int write(List<AuditRecord> batch) throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA, USER, "")) {
            connection.setAutoCommit(false);
            int inserted = AuditWriter.insertNew(connection, batch);
            connection.commit();
            return inserted;
        }
    }

    @Test
    void the_postgresql_writer_stores_what_the_mapping_would_skips_replays_and_reports_refusals_by_sqlstate() throws SQLException {
        Instant at = TODAY.minus(Duration.ofDays(2)).plus(Duration.ofHours(3));
        AuditRecord nul = new AuditRecord(UUID.randomUUID(), "gw-nul", "s.t", "s", "t", "p", null, null,
                "{\"message\":\"a\\u0000b\"}", "x\u0000y", null, ExecutionStatus.ERROR, "e".repeat(3000), true, at, 7, null, null, null);
        List<AuditRecord> batch = List.of(nul, record(at), record(at.plus(Duration.ofDays(1))));

        assertThat(write(batch)).isEqualTo(3);
        List<AuditRecord> large = new ArrayList<>();
        for (int i = 0; i < AuditWriter.MAX_ROWS_PER_STATEMENT * 2 + 500; i++) {
            large.add(record(at.plusMillis(i)));
        }
        assertThat(write(large)).as("a batch larger than one statement takes").isEqualTo(large.size());
        assertThat(write(batch)).as("a replayed batch").isZero();
        assertThat(write(List.of(batch.get(0), record(at)))).as("half replayed").isOne();

        assertThat(text("select arguments->>'message' from tool_execution where id = '" + nul.id() + "'")).isEqualTo("a\uFFFDb");
        assertThat(text("select result_summary from tool_execution where id = '" + nul.id() + "'")).isEqualTo("x\uFFFDy");
        assertThat(text("select length(error) || ' ' || cached || ' ' || coalesce(result_size::text, 'null') || ' ' || status"
                + " from tool_execution where id = '" + nul.id() + "'")).isEqualTo("2000 true null ERROR");
        EntityManager em = factory.createEntityManager();
        try {
            AuditRecord read = em.find(ToolExecution.class, nul.id()).toRecord();
            assertThat(read.startedAt()).isEqualTo(at);
            assertThat(read.durationMs()).isEqualTo(7);
        } finally {
            em.close();
        }

        try (Statement statement = db.createStatement()) {
            statement.execute("alter table tool_execution add constraint it_refuse check (request_id <> 'gw-refused') not valid");
        }
        try {
            AuditRecord refused = new AuditRecord(UUID.randomUUID(), "gw-refused", "s.t", "s", "t", "p", null, null, null,
                    null, null, ExecutionStatus.SUCCESS, null, false, at, 1, null, null, null);
            assertThat(WriteFailure.of(org.assertj.core.api.Assertions.catchThrowable(() -> write(List.of(refused, record(at))))).kind())
                    .isEqualTo(WriteFailure.Kind.DATA);
        } finally {
            try (Statement statement = db.createStatement()) {
                statement.execute("alter table tool_execution drop constraint it_refuse");
            }
        }
    }

    static AuditRecord record(Instant startedAt) {
        return new AuditRecord(UUID.randomUUID(), "gw-" + UUID.randomUUID(), "s.t", "s", "t", "p", null, null,
                "{\"at\":\"" + startedAt + "\"}", "ok", 2, ExecutionStatus.SUCCESS, null, false, startedAt, 3, null, null, null);
    }

    static String resource(String path) throws java.io.IOException {
        try (var in = AuditPartitionsIT.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Every column of every row, in id order, hashed. */
    static String digest() throws SQLException {
        return text("select md5(string_agg(t::text, '|' order by id)) from (select id, request_id, tool_id, server_id, tool_name,"
                + " principal, client_address, client_agent, arguments, result_summary, result_size, status, error, cached,"
                + " started_at, duration_ms from tool_execution where request_id like 'old-%') t");
    }

    static long count(String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String text(String sql) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
