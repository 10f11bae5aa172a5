package dev.mcphybrid.audit;

import dev.mcphybrid.audit.entity.ToolExecution;
import dev.mcphybrid.bench.Benchmarks;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.hibernate.cfg.Configuration;

/**
 * Rows per second the audit pipeline stores into PostgreSQL: the real {@link AuditPipeline} (queue, 200 ms flush,
 * spool, batch split) over the real {@link AuditWriter#insertNew} and {@link ToolExecution} mapping with Hibernate,
 * on a partitioned {@code tool_execution} migrated by the real migrations into a schema of its own (dropped at the
 * end). Only JTA and Liberty's pool are left out. For each JDBC variant:
 * <ul>
 * <li><b>capacity</b>: producers keep the queue nearly full (they wait rather than overflow it), so the figure is
 * what the writer can store;</li>
 * <li><b>paced</b>: producers offer {@code bench.audit.rate} records a second (default 20,000) for the same time;
 * what the queue could not hold goes to the spool and is replayed.</li>
 * </ul>
 * Each phase ends when every record offered is in the database (spooled ones replayed), and fails if one is missing;
 * its rate is records stored over that time.
 * Besides rows/s it prints the CPU time per 1,000 rows of this JVM and of the database backends that served the
 * writes (from /proc, so only with the database on this host): on a shared machine the wall-clock rates move with
 * the neighbours' load, the CPU cost much less, and its inverse is the rate one writer reaches on idle cores.
 * {@code -Dbench.db.url} (default {@code jdbc:postgresql://127.0.0.1:5432/test}), {@code -Dbench.db.user}
 * (postgres), {@code -Dbench.seconds} per phase (10), {@code -Dbench.audit.variants} (indexes into
 * {@link #VARIANTS}, comma separated; all by default), {@code -Dbench.audit.rounds} (1).
 */
public final class AuditWriteBenchmark {

    static final String URL = System.getProperty("bench.db.url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getProperty("bench.db.user", "postgres");
    static final String PASSWORD = System.getProperty("bench.db.password", "");
    static final int SECONDS = Benchmarks.smoke() ? 1 : Integer.getInteger("bench.seconds", 10);
    static final int RATE = Benchmarks.smoke() ? 500 : Integer.getInteger("bench.audit.rate", 20_000);
    static final int CAPACITY = 10_000;
    static final int BATCH = 500;

    /**
     * A way to write: the gateway's PostgreSQL path (one multi-row INSERT ... ON CONFLICT DO NOTHING per batch), or
     * the JPA path (look up stored ids, persist, flush) with Hibernate's JDBC batch size and pgjdbc's
     * reWriteBatchedInserts, as the gateway wrote before and still writes on H2.
     */
    record Variant(String name, boolean jpa, int jdbcBatch, boolean rewrite, boolean lookup) {

        Variant(String name, boolean jpa, int jdbcBatch, boolean rewrite) {
            this(name, jpa, jdbcBatch, rewrite, false);
        }
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("multi-row insert (the gateway's path)", false, 0, false),
            new Variant("id lookup + multi-row insert", false, 0, false, true),
            new Variant("JPA, jdbc batch 100", true, 100, false),
            new Variant("JPA, jdbc batch 100, reWriteBatchedInserts", true, 100, true),
            new Variant("JPA, jdbc batch 500, reWriteBatchedInserts", true, 500, true));

    private AuditWriteBenchmark() {
    }

    public static void run() throws Exception {
        String schema = "bench_audit_" + System.currentTimeMillis();
        System.out.printf("%nAudit writes into PostgreSQL (%s, schema %s), %d s a phase, pipeline queue %d, batch %d%n",
                URL, schema, SECONDS, CAPACITY, BATCH);
        Flyway.configure().dataSource(URL, USER, PASSWORD).schemas(schema).defaultSchema(schema).createSchemas(true)
                .locations("classpath:db/migration", "classpath:db/vendor/postgresql")
                .placeholders(Map.of("json_type", "jsonb")).load().migrate();
        System.out.printf("%-44s %15s %14s %12s %10s %12s %12s %14s%n", "variant", "capacity rows/s", "paced rows/s", "max queued",
                "spooled", "gw cpu ms/1k", "db cpu ms/1k", "rows/cpu-s");
        try {
            String only = System.getProperty("bench.audit.variants", "");
            for (int round = 0; round < Integer.getInteger("bench.audit.rounds", 1); round++) {
                for (int i = 0; i < VARIANTS.size(); i++) {
                    if (only.isBlank() || java.util.Arrays.asList(only.split(",")).contains(String.valueOf(i))) {
                        measure(schema, VARIANTS.get(i));
                    }
                }
            }
        } finally {
            try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
                s.execute("drop schema " + schema + " cascade");
            }
        }
    }

    static void measure(String schema, Variant variant) throws Exception {
        String url = URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema + "&reWriteBatchedInserts=" + variant.rewrite();
        try (EntityManagerFactory factory = new Configuration().addAnnotatedClass(ToolExecution.class)
                .setProperty("hibernate.connection.url", url)
                .setProperty("hibernate.connection.username", USER)
                .setProperty("hibernate.connection.password", PASSWORD)
                .setProperty("hibernate.hbm2ddl.auto", "none")
                .setProperty("hibernate.jdbc.batch_size", String.valueOf(Math.max(1, variant.jdbcBatch())))
                .setProperty("hibernate.order_inserts", "true")
                .buildSessionFactory()) {
            Path data = Files.createTempDirectory("bench-audit");
            Connection connection = DriverManager.getConnection(url, USER, PASSWORD);
            connection.setAutoCommit(false);
            BACKENDS.clear();
            BACKENDS.add(backend(connection));
            AuditPipeline.BatchWriter writer = variant.jpa() ? batch -> {
                EntityManager em = factory.createEntityManager();
                try {
                    em.getTransaction().begin();
                    em.unwrap(org.hibernate.Session.class).doWork(c -> BACKENDS.add(backend(c)));
                    int inserted = AuditWriter.insertNew(em, batch);
                    em.getTransaction().commit();
                    return inserted;
                } catch (RuntimeException e) {
                    if (em.getTransaction().isActive()) {
                        em.getTransaction().rollback();
                    }
                    throw e;
                } finally {
                    em.close();
                }
            } : batch -> {
                try {
                    int inserted = variant.lookup() ? lookupThenInsert(connection, batch) : AuditWriter.insertNew(connection, batch);
                    connection.commit();
                    return inserted;
                } catch (java.sql.SQLException e) {
                    try {
                        connection.rollback();
                    } catch (java.sql.SQLException ignored) {
                        // the connection is gone; the failure below says why
                    }
                    throw new IllegalStateException(e);
                }
            };
            // warm-up: a few rounds so Hibernate, the driver and the JIT are ready
            AuditPipeline warm = new AuditPipeline(writer, new AuditSpool(data.resolve("warm-spool")),
                    new DeadLetters(data.resolve("warm-dead")), letter -> { }, CAPACITY, BATCH);
            for (int i = 0; i < (Benchmarks.smoke() ? 1 : 20); i++) {
                for (int j = 0; j < BATCH; j++) {
                    warm.offer(record(i * BATCH + j));
                }
                warm.flush();
            }
            Result capacity = phase(writer, data.resolve("capacity"), 0);
            Result paced = phase(writer, data.resolve("paced"), RATE);
            System.out.printf("%-44s %15.0f %14.0f %12d %10d %12.1f %12.1f %14.0f%n", variant.name(), capacity.rate(), paced.rate(),
                    paced.maxQueued(), capacity.spooled() + paced.spooled(), capacity.javaCpuMsPer1000(),
                    capacity.dbCpuMsPer1000(), 1000_000.0 / (capacity.javaCpuMsPer1000() + capacity.dbCpuMsPer1000()));
            connection.close();
            if (capacity.deadLetters() + paced.deadLetters() > 0) {
                throw new IllegalStateException("the database refused synthetic records: " + (capacity.deadLetters() + paced.deadLetters()));
            }
        }
    }

    /** The alternative to ON CONFLICT: look up the stored ids of the batch's span, insert the others. */
    static int lookupThenInsert(Connection connection, List<AuditRecord> batch) throws java.sql.SQLException {
        java.util.Set<UUID> stored = new java.util.HashSet<>();
        try (var query = connection.prepareStatement(
                "select id from tool_execution where id = any(?) and started_at between ? and ?")) {
            query.setArray(1, connection.createArrayOf("uuid", batch.stream().map(AuditRecord::id).toArray()));
            query.setObject(2, java.time.OffsetDateTime.ofInstant(batch.stream().map(AuditRecord::startedAt).min(Instant::compareTo).orElseThrow(), java.time.ZoneOffset.UTC));
            query.setObject(3, java.time.OffsetDateTime.ofInstant(batch.stream().map(AuditRecord::startedAt).max(Instant::compareTo).orElseThrow(), java.time.ZoneOffset.UTC));
            try (var rs = query.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getObject(1, UUID.class));
                }
            }
        }
        List<AuditRecord> fresh = batch.stream().filter(r -> stored.add(r.id())).toList();
        StringBuilder sql = new StringBuilder("insert into tool_execution (" + AuditWriter.COLUMNS + ") values ");
        for (int i = 0; i < fresh.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(AuditWriter.ROW);
        }
        if (fresh.isEmpty()) {
            return 0;
        }
        try (var insert = connection.prepareStatement(sql.toString())) {
            int p = 0;
            for (AuditRecord r : fresh) {
                p = AuditWriter.bindRow(insert, p, r);
            }
            return insert.executeUpdate();
        }
    }

    /**
     * What a phase achieved; the CPU figures (this JVM, and the database backends that served the writes, read from
     * /proc) say what the rows cost whatever else the machine is doing, which the wall-clock rates do not.
     */
    record Result(double rate, int maxQueued, long spooled, int deadLetters, double javaCpuMsPer1000, double dbCpuMsPer1000) {
    }

    static final java.util.Set<Integer> BACKENDS = java.util.concurrent.ConcurrentHashMap.newKeySet();
    static final java.util.Map<Integer, Long> BACKEND_CPU_AT_START = new java.util.concurrent.ConcurrentHashMap<>();

    static int backend(Connection connection) throws java.sql.SQLException {
        try (Statement s = connection.createStatement(); var rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            int pid = rs.getInt(1);
            BACKEND_CPU_AT_START.computeIfAbsent(pid, AuditWriteBenchmark::cpuTicks);
            return pid;
        }
    }

    /** utime + stime of a process in clock ticks (1/100 s), -1 when /proc cannot tell (database on another host). */
    static long cpuTicks(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (Exception e) {
            return -1;
        }
    }

    static long dbTicks() {
        long sum = 0;
        for (int pid : BACKENDS) {
            long ticks = cpuTicks(pid);
            if (ticks < 0) {
                return -1;
            }
            sum += ticks;
        }
        return sum;
    }

    /** Offers records for {@link #SECONDS} (at {@code rate} a second, or as fast as the queue takes them when 0). */
    static Result phase(AuditPipeline.BatchWriter writer, Path data, int rate) throws Exception {
        AuditPipeline pipeline = new AuditPipeline(writer, new AuditSpool(data.resolve("spool")),
                new DeadLetters(data.resolve("dead")), letter -> { }, CAPACITY, BATCH);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long javaCpuStart = os.getProcessCpuTime();
        long dbStart = dbTicks();
        long writtenStart = 0;
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor();
        flusher.scheduleWithFixedDelay(pipeline::flush, 200, 200, TimeUnit.MILLISECONDS);
        AtomicInteger maxQueued = new AtomicInteger();
        AtomicLong offered = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(SECONDS);
        while (System.nanoTime() < end) {
            if (rate > 0) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                while (offered.get() < due) {
                    pipeline.offer(record((int) offered.incrementAndGet()));
                }
                Thread.sleep(1);
            } else if (pipeline.buffered() < CAPACITY - BATCH) {
                for (int i = 0; i < BATCH; i++) {
                    pipeline.offer(record((int) offered.incrementAndGet()));
                }
            } else {
                Thread.sleep(1);
            }
            maxQueued.accumulateAndGet(pipeline.buffered(), Math::max);
        }
        // the clock stops when everything offered is in the database, spooled records replayed included
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while ((pipeline.buffered() > 0 || pipeline.spooledBatches() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        flusher.shutdown();
        flusher.awaitTermination(30, TimeUnit.SECONDS);
        pipeline.flush();
        if (pipeline.written() != offered.get()) {
            throw new IllegalStateException("offered " + offered.get() + " records, stored " + pipeline.written()
                    + ", still spooled " + pipeline.spooledBatches() + " batches");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        AuditPipeline.Snapshot snapshot = pipeline.snapshot();
        long rows = Math.max(1, snapshot.written() - writtenStart);
        double javaMs = (os.getProcessCpuTime() - javaCpuStart) / 1e6;
        long dbEnd = dbTicks(); // backends first seen in this phase count from their start of the phase
        double dbMs = dbStart < 0 || dbEnd < 0 ? Double.NaN : (dbEnd - dbStart) * 10.0;
        return new Result(snapshot.written() / seconds, maxQueued.get(), snapshot.spooled(), snapshot.deadLetters(),
                javaMs * 1000 / rows, dbMs * 1000 / rows);
    }

    private static final String[] STATUSES = {"SUCCESS", "ERROR", "TIMEOUT", "REJECTED"};

    /** A realistic record: 20 servers with 10 tools, 500 principals, a few % failures, small arguments. */
    static AuditRecord record(int i) {
        int server = Math.floorMod(i * 7919, 20) + 1;
        int tool = Math.floorMod(i * 104729, 10) + 1;
        ExecutionStatus status = ExecutionStatus.valueOf(STATUSES[i % 100 < 94 ? 0 : i % 3 + 1]);
        boolean ok = status == ExecutionStatus.SUCCESS;
        return new AuditRecord(UUID.randomUUID(), "req-" + i, "server" + server + ".tool" + tool, "server" + server,
                "tool" + tool, "user" + Math.floorMod(i * 31, 500), "10.0.0." + (i % 250), "mcp-client/1.0",
                "{\"query\":\"q" + (i % 1000) + "\",\"limit\":" + (i % 50) + "}", ok ? "result of call " + i : null,
                ok ? 100 + i % 4000 : null, status, ok ? null : "tool reported isError: boom", ok && i % 10 == 0,
                Instant.now(), 5 + i % 300, null, null, null);
    }

    /** Only this benchmark: {@code java -cp ... dev.mcphybrid.audit.AuditWriteBenchmark}. */
    public static void main(String[] args) throws Exception {
        run();
        System.exit(0);
    }

}
