package dev.mcphybrid.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit pipeline against a scripted database that can go away and come back. */
class AuditPipelineTest {

    @TempDir
    Path spoolDir;

    /** A database that stores by id (so duplicates are visible) and can be switched off. */
    static final class FakeDatabase implements AuditPipeline.BatchWriter {
        final Map<UUID, AuditRecord> rows = new LinkedHashMap<>();
        boolean down;
        int writes;

        @Override
        public int applyAsInt(List<AuditRecord> batch) {
            writes++;
            if (down) {
                throw new IllegalStateException("connection refused", new java.net.ConnectException("Connection refused"));
            }
            int inserted = 0;
            for (AuditRecord r : batch) {
                if (rows.putIfAbsent(r.id(), r) == null) {
                    inserted++;
                }
            }
            return inserted;
        }
    }

    private final FakeDatabase db = new FakeDatabase();

    @Test
    void records_reach_the_database_in_batches() {
        AuditPipeline pipeline = new AuditPipeline(db, new AuditSpool(spoolDir), 1000, 100);
        records(250).forEach(pipeline::offer);
        pipeline.flush();
        assertThat(db.rows).hasSize(250);
        assertThat(db.writes).isEqualTo(3);
        assertThat(pipeline.snapshot().written()).isEqualTo(250);
        assertThat(pipeline.buffered()).isZero();
    }

    @Test
    void nothing_is_lost_while_the_database_is_away_and_nothing_is_written_twice() throws Exception {
        AuditPipeline pipeline = new AuditPipeline(db, new AuditSpool(spoolDir), 1000, 100);
        db.down = true;
        List<AuditRecord> all = records(500);
        for (int i = 0; i < 500; i += 50) {
            all.subList(i, i + 50).forEach(pipeline::offer);
            pipeline.flush();
        }
        assertThat(db.rows).isEmpty();
        assertThat(pipeline.snapshot().outage()).isTrue();
        assertThat(pipeline.snapshot().lastError()).isEqualTo("Connection refused");
        assertThat(pipeline.buffered()).as("an outage moves queued records to disk every round").isZero();
        assertThat(pipeline.spooledBatches()).isPositive();

        db.down = false;
        Thread.sleep(1100); // past the retry back-off
        pipeline.flush();
        assertThat(db.rows.keySet()).containsExactlyInAnyOrderElementsOf(all.stream().map(AuditRecord::id).toList());
        assertThat(pipeline.spooledBatches()).isZero();
        assertThat(pipeline.snapshot().outage()).isFalse();

        // a spool file replayed again (crash between commit and delete) is not stored twice
        new AuditSpool(spoolDir).write(all.subList(0, 10));
        pipeline.flush();
        assertThat(db.rows).hasSize(500);
    }

    @Test
    void a_full_buffer_goes_to_disk_instead_of_dropping() {
        AuditPipeline pipeline = new AuditPipeline(db, new AuditSpool(spoolDir), 10, 100);
        records(25).forEach(pipeline::offer);
        assertThat(pipeline.buffered()).isEqualTo(10);
        assertThat(pipeline.spooledBatches()).isEqualTo(15);
        pipeline.flush();
        assertThat(db.rows).hasSize(25);
    }

    @Test
    void shutdown_spools_what_the_database_cannot_take_and_a_new_pipeline_replays_it() {
        AuditPipeline pipeline = new AuditPipeline(db, new AuditSpool(spoolDir), 1000, 100);
        db.down = true;
        records(120).forEach(pipeline::offer);
        pipeline.close(java.time.Duration.ofSeconds(1));
        assertThat(db.rows).isEmpty();

        db.down = false;
        AuditPipeline restarted = new AuditPipeline(db, new AuditSpool(spoolDir), 1000, 100);
        restarted.flush();
        assertThat(db.rows).hasSize(120);
    }

    @Test
    void spooled_records_come_back_exactly() {
        AuditSpool spool = new AuditSpool(spoolDir);
        List<AuditRecord> batch = records(3);
        spool.write(batch);
        assertThat(spool.read(spool.oldest().orElseThrow())).containsExactlyElementsOf(batch);
    }

    static List<AuditRecord> records(int count) {
        List<AuditRecord> out = new ArrayList<>();
        IntStream.range(0, count).forEach(i -> out.add(new AuditRecord(UUID.randomUUID(), "req-" + i, "s.tool", "s", "tool",
                "alice", "127.0.0.1", "curl/8", "{\"n\":" + i + "}", "ok", 2, i % 3 == 0 ? ExecutionStatus.ERROR : ExecutionStatus.SUCCESS,
                i % 3 == 0 ? "boom" : null, false, Instant.parse("2026-11-26T00:00:00Z").plusMillis(i), 5)));
        return out;
    }
}
