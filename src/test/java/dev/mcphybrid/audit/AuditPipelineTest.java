package dev.mcphybrid.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit pipeline against a scripted database that can go away and come back. */
class AuditPipelineTest {

    @TempDir
    Path spoolDir;

    /**
     * A database that stores every record it is given, duplicates included (skipping stored ids is
     * {@link AuditWriter}'s work, tested in AuditWriterTest), can be switched off, and refuses, like PostgreSQL
     * refuses a NUL, every batch holding a record whose arguments contain "poison".
     */
    static final class FakeDatabase implements AuditPipeline.BatchWriter {
        final List<AuditRecord> rows = new ArrayList<>();
        boolean down;
        boolean answers = true;
        boolean poisonRefused = true;
        RuntimeException poisonError = dataError("22021", "ERROR: invalid byte sequence for encoding \"UTF8\": 0x00");
        int writes;

        @Override
        public int applyAsInt(List<AuditRecord> batch) {
            writes++;
            if (down) {
                throw new IllegalStateException("connection refused", new java.net.ConnectException("Connection refused"));
            }
            if (poisonRefused && batch.stream().anyMatch(r -> r.arguments().contains("poison"))) {
                throw poisonError;
            }
            rows.addAll(batch);
            return batch.size();
        }

        @Override
        public boolean reachable() {
            return answers && !down;
        }

        List<UUID> ids() {
            return rows.stream().map(AuditRecord::id).toList();
        }
    }

    /** As Hibernate reports what PostgreSQL refused: wrapped, the SQLState on the driver's exception. */
    static RuntimeException dataError(String sqlState, String message) {
        return new jakarta.persistence.PersistenceException("could not execute batch",
                new java.sql.BatchUpdateException("Batch entry 0 was aborted", sqlState, new int[0],
                        new java.sql.SQLException(message, sqlState)));
    }

    private final FakeDatabase db = new FakeDatabase();
    private final List<DeadLetter> alerted = new ArrayList<>();

    private AuditPipeline pipeline(int capacity, int batchSize) {
        return new AuditPipeline(db, new AuditSpool(spoolDir.resolve("spool")), new DeadLetters(spoolDir.resolve("dead")),
                alerted::add, capacity, batchSize);
    }

    @Test
    void records_reach_the_database_in_batches() {
        AuditPipeline pipeline = pipeline(1000, 100);
        records(250).forEach(pipeline::offer);
        pipeline.flush();
        assertThat(db.ids()).hasSize(250).doesNotHaveDuplicates();
        assertThat(db.writes).isEqualTo(3);
        assertThat(pipeline.snapshot().written()).isEqualTo(250);
        assertThat(pipeline.buffered()).isZero();
    }

    @Test
    void nothing_is_lost_while_the_database_is_away_and_nothing_is_written_twice() throws Exception {
        AuditPipeline pipeline = pipeline(1000, 100);
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
        assertThat(db.ids()).as("each spooled batch written once, then deleted")
                .containsExactlyInAnyOrderElementsOf(all.stream().map(AuditRecord::id).toList());
        assertThat(pipeline.spooledBatches()).isZero();
        assertThat(pipeline.snapshot().outage()).isFalse();
        pipeline.flush();
        assertThat(db.rows).hasSize(500);
    }

    @Test
    void a_full_buffer_goes_to_disk_instead_of_dropping() {
        AuditPipeline pipeline = pipeline(10, 100);
        records(25).forEach(pipeline::offer);
        assertThat(pipeline.buffered()).isEqualTo(10);
        assertThat(pipeline.spooledBatches()).isEqualTo(15);
        pipeline.flush();
        assertThat(db.ids()).hasSize(25).doesNotHaveDuplicates();
    }

    @Test
    void shutdown_spools_what_the_database_cannot_take_and_a_new_pipeline_replays_it() {
        AuditPipeline pipeline = pipeline(1000, 100);
        db.down = true;
        records(120).forEach(pipeline::offer);
        pipeline.close(java.time.Duration.ofSeconds(1));
        assertThat(db.rows).isEmpty();

        db.down = false;
        AuditPipeline restarted = pipeline(1000, 100);
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

    @Test
    void a_refused_record_goes_to_the_dead_letters_and_every_other_record_of_its_batch_is_written() {
        AuditPipeline pipeline = pipeline(1000, 100);
        List<AuditRecord> good = records(99);
        AuditRecord poison = record("{\"message\":\"poison\"}", "ok");
        good.subList(0, 40).forEach(pipeline::offer);
        pipeline.offer(poison);
        good.subList(40, 99).forEach(pipeline::offer);

        pipeline.flush();

        assertThat(db.ids()).containsExactlyInAnyOrderElementsOf(good.stream().map(AuditRecord::id).toList());
        assertThat(db.writes).as("halving isolates one record in about 2 log2(n) writes").isLessThanOrEqualTo(15);
        AuditPipeline.Snapshot snapshot = pipeline.snapshot();
        assertThat(snapshot.outage()).as("a refused value is no outage").isFalse();
        assertThat(snapshot.spooledBatches()).isZero();
        assertThat(snapshot.deadLetters()).isEqualTo(1);
        assertThat(snapshot.deadLettered()).isEqualTo(1);
        DeadLetter letter = pipeline.deadLetters().get(0);
        assertThat(letter.record()).isEqualTo(poison);
        assertThat(letter.sqlState()).isEqualTo("22021");
        assertThat(letter.reason()).contains("invalid byte sequence");
        assertThat(alerted).extracting(DeadLetter::id).containsExactly(poison.id());
    }

    @Test
    void records_queued_after_a_refused_one_arrive_in_the_next_round() {
        AuditPipeline pipeline = pipeline(1000, 100);
        pipeline.offer(record("{\"message\":\"poison\"}", "ok"));
        pipeline.flush();
        List<AuditRecord> later = records(20);
        later.forEach(pipeline::offer);
        pipeline.flush();
        assertThat(db.ids()).containsExactlyElementsOf(later.stream().map(AuditRecord::id).toList());
    }

    @Test
    void a_poison_batch_left_in_the_spool_does_not_hold_up_the_replay() {
        List<AuditRecord> spooled = records(10);
        spooled.add(5, record("{\"message\":\"poison\"}", "ok"));
        new AuditSpool(spoolDir.resolve("spool")).write(spooled);
        AuditPipeline pipeline = pipeline(1000, 100);
        List<AuditRecord> later = records(3);
        later.forEach(pipeline::offer);

        pipeline.flush();

        assertThat(db.rows).hasSize(13);
        assertThat(pipeline.spooledBatches()).isZero();
        assertThat(pipeline.snapshot().deadLetters()).isEqualTo(1);
    }

    @Test
    void a_connection_failure_spools_the_batch_and_sends_nothing_to_the_dead_letters() {
        AuditPipeline pipeline = pipeline(1000, 100);
        db.poisonError = new jakarta.persistence.PersistenceException(new java.sql.SQLException("An I/O error occurred", "08006"));
        records(5).forEach(pipeline::offer);
        pipeline.offer(record("{\"message\":\"poison\"}", "ok"));
        pipeline.flush();
        assertThat(pipeline.snapshot().outage()).isTrue();
        assertThat(pipeline.spooledBatches()).isEqualTo(1);
        assertThat(pipeline.snapshot().deadLetters()).isZero();
        assertThat(db.writes).as("an outage is not split").isEqualTo(1);
    }

    @Test
    void a_failure_that_names_no_cause_is_judged_by_whether_the_database_answers() {
        db.poisonError = new IllegalStateException("something went wrong");
        AuditPipeline pipeline = pipeline(1000, 100);
        db.answers = false;
        pipeline.offer(record("{\"message\":\"poison\"}", "ok"));
        pipeline.flush();
        assertThat(pipeline.snapshot().outage()).as("database silent: an outage").isTrue();
        assertThat(pipeline.snapshot().deadLetters()).isZero();

        AuditPipeline other = new AuditPipeline(db, new AuditSpool(spoolDir.resolve("spool2")), new DeadLetters(spoolDir.resolve("dead2")),
                alerted::add, 1000, 100);
        db.answers = true;
        other.offer(record("{\"message\":\"poison\"}", "ok"));
        other.flush();
        assertThat(other.snapshot().outage()).as("database answers: the record is at fault").isFalse();
        assertThat(other.snapshot().deadLetters()).isEqualTo(1);
    }

    @Test
    void a_dead_letter_replays_once_the_database_takes_it_and_stays_while_it_does_not() {
        AuditPipeline pipeline = pipeline(1000, 100);
        AuditRecord poison = record("{\"message\":\"poison\"}", "ok");
        pipeline.offer(poison);
        pipeline.flush();

        assertThat(pipeline.replay(poison.id())).isEqualTo(AuditPipeline.Replay.REFUSED);
        assertThat(pipeline.deadLetter(poison.id()).orElseThrow().attempts()).isEqualTo(2);

        db.down = true;
        assertThat(pipeline.replay(poison.id())).isEqualTo(AuditPipeline.Replay.DATABASE_AWAY);
        assertThat(pipeline.deadLetter(poison.id()).orElseThrow().attempts()).as("an outage is no attempt").isEqualTo(2);

        db.down = false;
        db.poisonRefused = false; // fixed
        db.rows.clear();
        assertThat(pipeline.replay(poison.id())).isEqualTo(AuditPipeline.Replay.WRITTEN);
        assertThat(db.ids()).containsExactly(poison.id());
        assertThat(pipeline.deadLetters()).isEmpty();
        assertThat(pipeline.replay(poison.id())).isEqualTo(AuditPipeline.Replay.NOT_FOUND);
    }

    @Test
    void dead_letters_survive_a_restart() {
        AuditPipeline pipeline = pipeline(1000, 100);
        AuditRecord poison = record("{\"message\":\"poison\"}", "ok");
        pipeline.offer(poison);
        pipeline.flush();
        assertThat(pipeline(1000, 100).deadLetters()).extracting(DeadLetter::record).containsExactly(poison);
    }

    static AuditRecord record(String arguments, String summary) {
        return new AuditRecord(UUID.randomUUID(), "req", "s.tool", "s", "tool", "alice", "127.0.0.1", "curl/8", arguments,
                summary, 2, ExecutionStatus.SUCCESS, null, false, Instant.parse("2026-11-26T00:00:00Z"), 5, null, null, null);
    }

    static List<AuditRecord> records(int count) {
        List<AuditRecord> out = new ArrayList<>();
        IntStream.range(0, count).forEach(i -> out.add(new AuditRecord(UUID.randomUUID(), "req-" + i, "s.tool", "s", "tool",
                "alice", "127.0.0.1", "curl/8", "{\"n\":" + i + "}", "ok", 2, i % 3 == 0 ? ExecutionStatus.ERROR : ExecutionStatus.SUCCESS,
                i % 3 == 0 ? "boom" : null, false, Instant.parse("2026-11-26T00:00:00Z").plusMillis(i), 5, null, null, null)));
        return out;
    }
}
