package dev.mcphybrid.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mcphybrid.audit.entity.ToolExecution;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The audit roll-ups (V7, V9) and the reporting role on the real PostgreSQL, in a schema of their own (dropped at the
 * end): the migrations fill them from rows already stored, writers adding at once keep them equal to the rows (the
 * distinct tools of a principal's day too, when several writers bring the same new tool at once), the
 * bucket bounds of Java and SQL agree, the statistics from roll-ups count what the rows count with percentiles
 * within a bucket, and gateway_audit_reader reads the views and roll-ups and nothing else.
 */
class AuditRollupsIT {

    static final String URL = System.getProperty("it.db.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getProperty("it.db.user", "postgres");
    static final String SCHEMA = "audit_rollups_it_" + System.currentTimeMillis();
    static final String READER = "audit_reader_it_" + System.currentTimeMillis();
    static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS);

    static Connection db;
    static EntityManagerFactory factory;
    static long totalsDifferencesAfterMigration;
    static long totalsCallsAfterMigration;

    @BeforeAll
    static void rows_before_v7_then_every_migration() throws Exception {
        db = DriverManager.getConnection(url(), USER, "");
        // an installation from before V7: the versioned migrations up to V6, without the views that need the roll-ups
        java.nio.file.Path before = java.nio.file.Files.createTempDirectory("migrations-before-v7");
        for (String name : List.of("db/migration/V1__registered_servers.sql", "db/migration/V2__tool_execution.sql",
                "db/migration/V3__access_policy.sql", "db/migration/V5__cancelled_status.sql",
                "db/vendor/postgresql/V6__tool_execution_partitioned.sql")) {
            java.nio.file.Files.writeString(before.resolve(name.substring(name.lastIndexOf('/') + 1)), AuditPartitionsIT.resource(name));
        }
        flyway().locations("filesystem:" + before).load().migrate();
        try (Statement statement = db.createStatement()) {
            // rows stored before the roll-ups existed, 10 hours ago: V7 counts them
            statement.execute("""
                    insert into tool_execution (id, request_id, tool_id, server_id, tool_name, principal, status, cached,
                                                started_at, duration_ms)
                    select gen_random_uuid(), 'before-' || i, 's' || (i % 2) || '.t' || (i % 3), 's' || (i % 2), 't' || (i % 3),
                           'p' || (i % 4), (array['SUCCESS','SUCCESS','ERROR','TIMEOUT','REJECTED','CANCELLED'])[i % 6 + 1],
                           i % 6 = 1, now() - interval '10 hours' + i * interval '1 second', (i * 37) % 5000
                    from generate_series(1, 2000) i""");
        }
        flyway().load().migrate();
        totalsDifferencesAfterMigration = count(TOTALS_DIFFERENCES);
        totalsCallsAfterMigration = count("select sum(calls) from tool_execution_principal_totals_daily");
        factory = new Configuration().addAnnotatedClass(ToolExecution.class)
                .setProperty("hibernate.connection.url", url())
                .setProperty("hibernate.connection.username", USER)
                .setProperty("hibernate.connection.password", "")
                .setProperty("hibernate.hbm2ddl.auto", "none")
                .buildSessionFactory();
    }

    static String url() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    }

    static org.flywaydb.core.api.configuration.FluentConfiguration flyway() {
        return AuditPartitionsIT.flyway(SCHEMA);
    }

    @AfterAll
    static void dropTheSchema() throws SQLException {
        if (factory != null) {
            factory.close();
        }
        try (Statement statement = db.createStatement()) {
            statement.execute("drop schema " + SCHEMA + " cascade");
            statement.execute("drop role if exists " + READER);
        }
        db.close();
    }

    @Test
    void writers_adding_at_once_with_replays_keep_the_roll_ups_equal_to_the_rows() throws Exception {
        List<List<AuditRecord>> batches = new ArrayList<>();
        Random random = new Random(17);
        for (int b = 0; b < 24; b++) {
            List<AuditRecord> batch = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                batch.add(record(HOUR.minus(Duration.ofMinutes(random.nextInt(180))), random));
            }
            batches.add(batch);
        }
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Integer>> written = new ArrayList<>();
            for (List<AuditRecord> batch : batches) {
                written.add(CompletableFuture.supplyAsync(() -> write(batch), writers));
            }
            // the same batches again, as a spool replay would write them: nothing is stored or counted twice
            for (List<AuditRecord> batch : batches.subList(0, 6)) {
                written.add(CompletableFuture.supplyAsync(() -> write(batch), writers));
            }
            int total = 0;
            for (CompletableFuture<Integer> w : written) {
                total += w.get();
            }
            assertThat(total).isEqualTo(24 * 250);
        } finally {
            writers.shutdown();
        }
        assertThat(count("select count(*) from tool_execution where request_id like 'gw-%' and started_at > '"
                + HOUR.minus(Duration.ofMinutes(181)) + "'")).as("this test's rows").isEqualTo(24 * 250);
        assertThat(count("select sum(calls) from tool_execution_hourly")).isEqualTo(count("select count(*) from tool_execution"));
        assertThat(count(DIFFERENCES)).as("roll-up rows that differ from the rows (the old ones included)").isZero();
        assertThat(count(PRINCIPAL_DIFFERENCES)).isZero();
        assertThat(count(TOTALS_DIFFERENCES)).as("principal-day rows that differ from the rows").isZero();
    }

    @Test
    void a_tool_new_to_a_principal_that_day_counts_once_however_many_writers_bring_it_at_once() throws Exception {
        Instant at = HOUR.minus(Duration.ofDays(5)).plus(Duration.ofMinutes(7));
        String principal = "racer-" + System.nanoTime();
        Random random = new Random(5);
        // 12 writers at once, each with one call of each of the same 6 tools by this principal (plus others' calls):
        // each pair is new to all of them, stored by one
        List<List<AuditRecord>> batches = new ArrayList<>();
        for (int b = 0; b < 12; b++) {
            List<AuditRecord> batch = new ArrayList<>();
            for (int tool = 0; tool < 6; tool++) {
                batch.add(call(principal, "race.tool" + ((tool + b) % 6), at.plusSeconds(b * 10 + tool),
                        b % 4 == 0 ? ExecutionStatus.REJECTED : ExecutionStatus.SUCCESS));
            }
            for (int i = 0; i < 30; i++) {
                batch.add(record(at.plusSeconds(random.nextInt(3600)), random));
            }
            batches.add(batch);
        }
        ExecutorService writers = Executors.newFixedThreadPool(12);
        try {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(12);
            List<CompletableFuture<Integer>> written = new ArrayList<>();
            for (List<AuditRecord> batch : batches) {
                written.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return write(batch);
                }, writers));
            }
            for (CompletableFuture<Integer> w : written) {
                assertThat(w.get()).isEqualTo(36);
            }
        } finally {
            writers.shutdown();
        }
        String day = "'" + java.time.LocalDate.ofInstant(at, java.time.ZoneOffset.UTC) + "'";
        String row = "select calls || ' ' || succeeded || ' ' || rejected || ' ' || distinct_tools"
                + " from tool_execution_principal_totals_daily where principal = '" + principal + "' and day = " + day;
        assertThat(text(row)).isEqualTo("72 54 18 6");
        assertThat(text("select distinct_tools from audit_calls_per_principal_daily where principal = '" + principal
                + "' and day = " + day)).isEqualTo("6");
        // later that day: a tool it called already adds a call, not a tool; a new one adds both
        write(List.of(call(principal, "race.tool3", at.plusSeconds(600), ExecutionStatus.ERROR)));
        assertThat(text(row)).isEqualTo("73 54 18 6");
        write(List.of(call(principal, "race.tool6", at.plusSeconds(700), ExecutionStatus.SUCCESS),
                call(principal, "race.tool6", at.plusSeconds(701), ExecutionStatus.SUCCESS),
                call(principal, "race.tool0", at.plusSeconds(702), ExecutionStatus.SUCCESS)));
        assertThat(text(row)).isEqualTo("76 57 18 7");
        // the next UTC day starts from nothing
        write(List.of(call(principal, "race.tool0", at.plus(Duration.ofDays(1)), ExecutionStatus.SUCCESS)));
        assertThat(text("select calls || ' ' || distinct_tools from tool_execution_principal_totals_daily where principal = '"
                + principal + "' and day = " + day + "::date + 1")).isEqualTo("1 1");
        assertThat(count(TOTALS_DIFFERENCES)).isZero();
        assertThat(count(PRINCIPAL_DIFFERENCES)).isZero();
    }

    @Test
    void the_rebuild_counts_the_principal_days_again_from_the_rows() throws SQLException {
        Instant at = HOUR.minus(Duration.ofDays(7));
        String principal = "rebuilt-" + System.nanoTime();
        write(List.of(call(principal, "r.a", at, ExecutionStatus.SUCCESS), call(principal, "r.b", at.plusSeconds(1),
                ExecutionStatus.REJECTED), call(principal, "r.b", at.plusSeconds(2), ExecutionStatus.SUCCESS)));
        String day = "'" + java.time.LocalDate.ofInstant(at, java.time.ZoneOffset.UTC) + "'";
        try (Statement statement = db.createStatement()) {
            // a row changed by hand (as a DBA deleting rows would leave the roll-ups), then the DBA's rebuild of that day
            statement.execute("update tool_execution_principal_totals_daily set calls = 99, distinct_tools = 0 where day = " + day);
            assertThat(count(TOTALS_DIFFERENCES)).isPositive();
            statement.execute("select audit_rollups_rebuild(" + day + ", " + day + ")");
        }
        assertThat(text("select calls || ' ' || succeeded || ' ' || rejected || ' ' || distinct_tools"
                + " from tool_execution_principal_totals_daily where principal = '" + principal + "'")).isEqualTo("3 2 1 2");
        assertThat(count(TOTALS_DIFFERENCES)).isZero();
    }

    @Test
    void retention_of_the_roll_ups_removes_old_principal_days_too() throws SQLException {
        Instant old = HOUR.minus(Duration.ofDays(450));
        String principal = "old-" + System.nanoTime();
        write(List.of(call(principal, "o.a", old, ExecutionStatus.SUCCESS), call(principal, "o.b", old, ExecutionStatus.SUCCESS)));
        String mine = " where principal = '" + principal + "'";
        assertThat(count("select count(*) from tool_execution_principal_totals_daily" + mine)).isEqualTo(1);
        AuditRollups rollups = new AuditRollups();
        org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
        dataSource.setUrl(url());
        dataSource.setUser(USER);
        rollups.dataSource = dataSource;
        long younger = count("select count(*) from tool_execution_principal_totals_daily where day >= current_date - 400");
        assertThat(rollups.deleteOlderThan(Instant.now().minus(Duration.ofDays(400)))).isPositive();
        assertThat(count("select count(*) from tool_execution_principal_totals_daily" + mine)).isZero();
        assertThat(count("select count(*) from tool_execution_principal_daily" + mine)).isZero();
        assertThat(count("select count(*) from tool_execution_principal_totals_daily where day >= current_date - 400"))
                .isEqualTo(younger).isPositive();
        try (Statement statement = db.createStatement()) {
            // the rows' own retention is longer gone by then; here they go so the other tests compare like with like
            statement.execute("delete from tool_execution" + mine);
        }
    }

    static AuditRecord call(String principal, String toolId, Instant startedAt, ExecutionStatus status) {
        String server = toolId.substring(0, toolId.indexOf('.'));
        return new AuditRecord(UUID.randomUUID(), "gw-" + UUID.randomUUID(), toolId, server, toolId.substring(server.length() + 1),
                principal, null, null, "{}", "ok", 2, status, null, false, startedAt, 5, null, null, null);
    }

    @Test
    void the_migration_counted_the_rows_stored_before_it() throws SQLException {
        // only these rows fall 9 to 11 hours back (the other tests write 0 to 3 hours and 3 days back)
        assertThat(count("select sum(calls) from tool_execution_hourly where hour >= '" + HOUR.minus(Duration.ofHours(12))
                + "' and hour < '" + HOUR.minus(Duration.ofHours(5)) + "'")).isEqualTo(2000);
        assertThat(count("select sum(calls) from tool_execution_principal_daily")).isGreaterThanOrEqualTo(2000);
        // V9 counted them into the principal-days from tool_execution_principal_daily
        assertThat(totalsCallsAfterMigration).isEqualTo(2000);
        assertThat(totalsDifferencesAfterMigration).isZero();
    }

    @Test
    void java_and_sql_put_every_duration_in_the_same_bucket() throws SQLException {
        List<Long> durations = new ArrayList<>(List.of(-1L, 0L, 2_000_000L, Long.MAX_VALUE));
        for (long lower : DurationHistogram.LOWER) {
            durations.addAll(List.of(lower - 1, lower, lower + 1));
        }
        for (long d : durations) {
            assertThat(count("select audit_duration_bucket(" + d + ")")).as(d + " ms").isEqualTo(DurationHistogram.bucket(d));
        }
        long[] counts = new long[DurationHistogram.BUCKETS];
        counts[5] = 3;
        counts[30] = 10;
        counts[40] = 7;
        String array = "array" + java.util.Arrays.toString(counts) + "::bigint[]";
        for (double p : new double[] {0, 0.1, 0.5, 0.95, 1}) {
            assertThat(Double.parseDouble(text("select audit_duration_percentile(" + array + ", " + p + ")")))
                    .as("p" + p).isCloseTo(DurationHistogram.percentile(counts, p), within(1e-9));
        }
    }

    @Test
    void statistics_from_the_roll_ups_count_what_the_rows_count_and_place_percentiles_within_a_bucket() throws Exception {
        Random random = new Random(3);
        List<AuditRecord> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            rows.add(record(HOUR.minus(Duration.ofDays(3)).plus(Duration.ofSeconds(random.nextInt(10 * 3600))), random));
        }
        write(rows);
        // a window that starts and ends inside hours: the ends come from the rows
        Instant from = HOUR.minus(Duration.ofDays(3)).plus(Duration.ofMinutes(17));
        Instant to = from.plus(Duration.ofHours(8)).plus(Duration.ofMinutes(29));
        EntityManager em = factory.createEntityManager();
        try {
            AuditQueries queries = new AuditQueries();
            queries.em = em;
            em.getTransaction().begin();
            ExecutionStats rollups = queries.stats(from, to, false);
            ExecutionStats exact = queries.stats(from, to, true);
            em.getTransaction().commit();
            assertThat(rollups.percentiles()).isEqualTo(ExecutionStats.HISTOGRAM);
            assertThat(exact.percentiles()).isEqualTo(ExecutionStats.EXACT);
            assertThat(rollups.total().count()).isEqualTo(exact.total().count()).isPositive();
            assertThat(rollups.byTool()).hasSameSizeAs(exact.byTool());
            for (List<ExecutionStats.Row> pair : List.of(List.of(rollups.total(), exact.total()))) {
                sameButPercentiles(pair.get(0), pair.get(1));
            }
            for (ExecutionStats.Row row : rollups.byTool()) {
                sameButPercentiles(row, exact.byTool().stream().filter(r -> r.key().equals(row.key())).findFirst().orElseThrow());
            }
            for (ExecutionStats.Row row : rollups.byServer()) {
                sameButPercentiles(row, exact.byServer().stream().filter(r -> r.key().equals(row.key())).findFirst().orElseThrow());
            }
        } finally {
            em.close();
        }
    }

    private static void sameButPercentiles(ExecutionStats.Row estimate, ExecutionStats.Row exact) {
        assertThat(List.of(estimate.count(), estimate.errors(), estimate.timeouts(), estimate.rejected()))
                .as(estimate.key()).isEqualTo(List.of(exact.count(), exact.errors(), exact.timeouts(), exact.rejected()));
        assertThat(estimate.errorRate()).isEqualTo(exact.errorRate());
        withinABucket(estimate.p50Ms(), exact.p50Ms());
        withinABucket(estimate.p95Ms(), exact.p95Ms());
    }

    /** The estimate lies in the bucket of the exact value or of its neighbours (the exact value may fall between two). */
    private static void withinABucket(Double estimate, Double exact) {
        int bucket = DurationHistogram.bucket((long) Math.floor(exact));
        long lower = DurationHistogram.LOWER[Math.max(0, bucket - 1)];
        long upper = bucket + 2 < DurationHistogram.BUCKETS ? DurationHistogram.LOWER[bucket + 2] : Long.MAX_VALUE;
        assertThat(estimate).as("estimate of " + exact).isBetween((double) lower, (double) upper);
        assertThat(Math.abs(estimate - exact)).as("estimate of " + exact).isLessThanOrEqualTo(Math.max(1, exact * 0.25));
    }

    @Test
    void the_reporting_role_reads_the_views_and_roll_ups_and_nothing_else() throws SQLException {
        try (Statement statement = db.createStatement()) {
            statement.execute("create role " + READER + " login");
            statement.execute("grant gateway_audit_reader to " + READER);
        }
        assertThat(text("select rolcanlogin || ' ' || (rolpassword is null) from pg_authid where rolname = 'gateway_audit_reader'"))
                .isEqualTo("false true");
        try (Connection reader = DriverManager.getConnection(url(), READER, "");
             Statement statement = reader.createStatement()) {
            for (String readable : List.of("audit_error_rate_hourly", "audit_slowest_tools", "audit_calls_per_principal_daily",
                    "audit_recent_failures", "tool_execution_hourly", "tool_execution_principal_daily",
                    "tool_execution_principal_totals_daily")) {
                try (ResultSet rs = statement.executeQuery("select count(*) from " + readable)) {
                    assertThat(rs.next()).as(readable).isTrue();
                }
            }
            for (String hidden : List.of("tool_execution", "tool_execution_default", "tool_execution_p" + java.time.format.DateTimeFormatter
                    .ofPattern("yyyyMMdd").withZone(java.time.ZoneOffset.UTC).format(HOUR), "registered_server", "access_policy",
                    "flyway_schema_history")) {
                assertThatThrownBy(() -> statement.executeQuery("select count(*) from " + hidden)).as(hidden)
                        .hasMessageContaining("permission denied");
            }
            for (String write : List.of(
                    "insert into tool_execution_hourly (hour, server_id, tool_id, cached, calls, succeeded, errors, timeouts,"
                            + " rejected, cancelled, duration_sum_ms, duration_max_ms) values (now(), 's', 's.t', false, 1, 1, 0, 0, 0, 0, 1, 1)",
                    "update tool_execution_principal_daily set calls = 0",
                    "update tool_execution_principal_totals_daily set calls = 0",
                    "delete from tool_execution_hourly",
                    "insert into tool_execution (id, request_id, tool_id, server_id, tool_name, principal, status, started_at,"
                            + " duration_ms) values (gen_random_uuid(), 'r', 's.t', 's', 't', 'p', 'SUCCESS', now(), 1)",
                    "create table reader_table (x int)",
                    "create or replace view audit_recent_failures as select 1 as x")) {
                assertThatThrownBy(() -> statement.execute(write)).as(write).isInstanceOf(SQLException.class);
            }
        }
    }

    /** The gateway's PostgreSQL write path, in a transaction of its own. */
    static int write(List<AuditRecord> batch) {
        try (Connection connection = DriverManager.getConnection(url(), USER, "")) {
            connection.setAutoCommit(false);
            int inserted = AuditWriter.insertNew(connection, batch);
            connection.commit();
            return inserted;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static AuditRecord record(Instant startedAt, Random random) {
        int server = random.nextInt(3);
        int tool = random.nextInt(4);
        ExecutionStatus status = ExecutionStatus.values()[random.nextInt(10) < 6 ? 0 : random.nextInt(ExecutionStatus.values().length)];
        boolean cached = status == ExecutionStatus.SUCCESS && random.nextInt(10) == 0;
        long duration = status == ExecutionStatus.REJECTED ? 0 : (long) Math.exp(random.nextDouble() * 10);
        return new AuditRecord(UUID.randomUUID(), "gw-" + UUID.randomUUID(), "srv" + server + ".tool" + tool, "srv" + server,
                "tool" + tool, "user" + random.nextInt(7), null, null, "{}", "ok", 2, status, null, cached, startedAt, duration, null, null, null);
    }

    static final String DIFFERENCES = """
            with raw as (
                select date_trunc('hour', started_at, 'UTC') as hour, server_id, tool_id, cached, count(*) as calls,
                       count(*) filter (where status = 'SUCCESS') as succeeded, count(*) filter (where status = 'ERROR') as errors,
                       count(*) filter (where status = 'TIMEOUT') as timeouts, count(*) filter (where status = 'REJECTED') as rejected,
                       count(*) filter (where status = 'CANCELLED') as cancelled,
                       coalesce(sum(duration_ms) filter (where status <> 'REJECTED'), 0) as duration_sum_ms,
                       coalesce(max(duration_ms) filter (where status <> 'REJECTED'), 0) as duration_max_ms,
                       array_agg(audit_duration_bucket(duration_ms) order by audit_duration_bucket(duration_ms))
                           filter (where status <> 'REJECTED') as buckets
                from tool_execution group by 1, 2, 3, 4),
            rollup as (
                select hour, server_id, tool_id, cached, calls, succeeded, errors, timeouts, rejected, cancelled,
                       duration_sum_ms, duration_max_ms,
                       (select array_agg(b order by b) from generate_series(0, 76) b,
                               generate_series(1, (to_jsonb(h) ->> ('b' || lpad(b::text, 2, '0')))::int)) as buckets
                from tool_execution_hourly h)
            select count(*) from ((select * from raw except all select * from rollup)
                                  union all (select * from rollup except all select * from raw)) d""";

    static final String PRINCIPAL_DIFFERENCES = """
            with raw as (
                select (started_at at time zone 'UTC')::date as day, principal, tool_id, count(*) as calls,
                       count(*) filter (where status = 'SUCCESS') as succeeded, count(*) filter (where status = 'REJECTED') as rejected
                from tool_execution group by 1, 2, 3),
            rollup as (select day, principal, tool_id, calls, succeeded, rejected from tool_execution_principal_daily)
            select count(*) from ((select * from raw except all select * from rollup)
                                  union all (select * from rollup except all select * from raw)) d""";

    /** Principal-days whose roll-up row differs from a count of the rows (distinct tools counted from the rows). */
    static final String TOTALS_DIFFERENCES = """
            with raw as (
                select (started_at at time zone 'UTC')::date as day, principal, count(*) as calls,
                       count(*) filter (where status = 'SUCCESS') as succeeded, count(*) filter (where status = 'REJECTED') as rejected,
                       count(distinct tool_id) as distinct_tools
                from tool_execution group by 1, 2),
            rollup as (select day, principal, calls, succeeded, rejected, distinct_tools from tool_execution_principal_totals_daily)
            select count(*) from ((select * from raw except all select * from rollup)
                                  union all (select * from rollup except all select * from raw)) d""";

    static long count(String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String text(String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
