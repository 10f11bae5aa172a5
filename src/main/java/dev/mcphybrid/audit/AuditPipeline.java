package dev.mcphybrid.audit;

import dev.mcphybrid.common.Tally;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Moves audit records from memory to the database without ever making a tool call wait for the database:
 * <ol>
 * <li>{@link #offer} puts the record in a bounded in-memory queue.</li>
 * <li>{@link #flush} (every few hundred ms, on one thread) first replays spooled batches, oldest first, then
 * writes the queue in batches.</li>
 * <li>When a write fails because the database is away ({@link WriteFailure.Kind#OUTAGE}), that batch goes to the
 * disk spool and the pipeline stays in outage mode: every round moves what was queued to the spool, so no more
 * than one round of records is only in memory, and retries the database with back-off (0.5 s doubling to 10 s)
 * by replaying the spool.</li>
 * <li>When the database refuses a batch for its data ({@link WriteFailure.Kind#DATA}), the batch is split in
 * halves until the refused records stand alone; the others are written, and each refused record goes to the
 * {@link DeadLetters}, so one bad value never holds up the records behind it. A failure that says neither is
 * judged by asking the database whether it answers.</li>
 * <li>If the queue is full, {@link #offer} writes the record to the spool itself; if even that fails, the record
 * is logged in full at SEVERE, the last place it can go.</li>
 * </ol>
 * Writes skip ids already stored, so a batch replayed after a crash between commit and spool deletion is not
 * stored twice.
 */
public final class AuditPipeline {

    private static final Logger LOG = Logger.getLogger(AuditPipeline.class.getName());

    /** What the database side does with a batch: returns rows inserted, throws when it cannot store them. */
    @FunctionalInterface
    public interface BatchWriter extends ToIntFunction<List<AuditRecord>> {

        /** Whether the database answers now; asked when a failure does not tell bad data from an outage. */
        default boolean reachable() {
            return false;
        }
    }

    public record Snapshot(int buffered, int spooledBatches, long written, long spooled, boolean outage, String lastError,
                           int deadLetters, long deadLettered) {
    }

    /** What became of a dead letter's replay. */
    public enum Replay { WRITTEN, REFUSED, DATABASE_AWAY, NOT_FOUND }

    private final BatchWriter writer;
    private final AuditSpool spool;
    private final DeadLetters deadLetters;
    private final Consumer<DeadLetter> onDeadLetter;
    private final AtomicLong deadLettered = new AtomicLong();
    private final Object replayLock = new Object();
    private final BlockingQueue<AuditRecord> queue;
    private final int batchSize;
    private final Tally written = new Tally();
    private final AtomicLong spooled = new AtomicLong();
    private volatile boolean outage;
    private volatile String lastError;
    private volatile Instant nextRetry = Instant.MIN;
    private Duration retryDelay = Duration.ofMillis(500);

    /**
     * @param onDeadLetter told of every record that goes to the dead letters (on the flushing thread; must not block)
     */
    public AuditPipeline(BatchWriter writer, AuditSpool spool, DeadLetters deadLetters, Consumer<DeadLetter> onDeadLetter,
                         int capacity, int batchSize) {
        this.writer = writer;
        this.spool = spool;
        this.deadLetters = deadLetters;
        this.onDeadLetter = onDeadLetter;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
    }

    public void offer(AuditRecord record) {
        if (queue.offer(record)) {
            return;
        }
        try {
            spool.write(List.of(record));
            spooled.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Audit buffer full and spool unwritable; record kept only in this log line: " + record, e);
        }
    }

    /** One round of work; safe to call from one thread at a time. */
    public synchronized void flush() {
        try {
            if (outage && Instant.now().isBefore(nextRetry)) {
                spillQueue();
                return;
            }
            if (!replaySpool()) {
                spillQueue();
                return;
            }
            List<AuditRecord> batch = new ArrayList<>(batchSize);
            while (queue.drainTo(batch, batchSize) > 0) {
                if (!store(batch)) {
                    spoolQuietly(batch);
                    return;
                }
                batch.clear();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Audit flush failed unexpectedly", e);
        }
    }

    /** Replays spooled batches, oldest first; false while the database is still away. */
    private boolean replaySpool() {
        Optional<Path> next;
        while ((next = spool.oldest()).isPresent()) {
            Path file = next.get();
            List<AuditRecord> batch;
            try {
                batch = spool.read(file);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Unreadable audit spool file set aside as " + spool.setAside(file).getFileName(), e);
                continue;
            }
            if (!store(batch)) {
                return false;
            }
            spool.delete(file);
            LOG.info(() -> "Replayed " + batch.size() + " spooled audit records from " + file.getFileName());
        }
        return true;
    }

    /**
     * Writes the batch; records the database refuses as data go to the dead letters.
     * @return false when the database is away: then none, some or all of the batch may be stored, and the caller
     *         keeps the whole batch for later (stored ids are skipped when it comes back)
     */
    private boolean store(List<AuditRecord> batch) {
        try {
            written.add(writer.applyAsInt(batch));
            reachable();
            return true;
        } catch (RuntimeException e) {
            WriteFailure failure = WriteFailure.of(e);
            if (failure.kind() == WriteFailure.Kind.OUTAGE
                    || failure.kind() == WriteFailure.Kind.UNKNOWN && !databaseAnswers()) {
                unreachable(failure.message());
                return false;
            }
            reachable();
            if (batch.size() == 1) {
                deadLetter(batch.get(0), failure);
                return true;
            }
            int half = batch.size() / 2;
            return store(batch.subList(0, half)) && store(batch.subList(half, batch.size()));
        }
    }

    private boolean databaseAnswers() {
        try {
            return writer.reachable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void reachable() {
        if (outage) {
            LOG.info("Audit database reachable again; writing resumed");
        }
        outage = false;
        lastError = null;
        retryDelay = Duration.ofMillis(500);
    }

    private void unreachable(String error) {
        lastError = error;
        if (!outage) {
            LOG.warning(() -> "Audit database unreachable (" + error + "); keeping records in memory and on disk at "
                    + spool.directory());
        }
        outage = true;
        nextRetry = Instant.now().plus(retryDelay);
        retryDelay = retryDelay.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : retryDelay.multipliedBy(2);
    }

    private void deadLetter(AuditRecord record, WriteFailure failure) {
        DeadLetter letter;
        try {
            letter = deadLetters.add(record, failure);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Audit record refused by the database (" + failure.message()
                    + ") and the dead letters are unwritable; record kept only in this log line: " + record, e);
            return;
        }
        deadLettered.incrementAndGet();
        LOG.warning(() -> "Audit record " + record.id() + " refused by the database (" + failure.message()
                + "); kept as a dead letter in " + deadLetters.directory());
        try {
            onDeadLetter.accept(letter);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Dead letter listener failed", e);
        }
    }

    /** Tries one dead letter again (after the database or the gateway was fixed); it stays a dead letter unless written. */
    public Replay replay(UUID id) {
        synchronized (replayLock) {
            Optional<DeadLetter> found = deadLetters.find(id);
            if (found.isEmpty()) {
                return Replay.NOT_FOUND;
            }
            DeadLetter letter = found.get();
            try {
                written.add(writer.applyAsInt(List.of(letter.record())));
            } catch (RuntimeException e) {
                WriteFailure failure = WriteFailure.of(e);
                if (failure.kind() == WriteFailure.Kind.OUTAGE
                        || failure.kind() == WriteFailure.Kind.UNKNOWN && !databaseAnswers()) {
                    return Replay.DATABASE_AWAY;
                }
                deadLetters.save(letter.refusedAgain(failure));
                return Replay.REFUSED;
            }
            deadLetters.remove(id);
            LOG.info(() -> "Audit dead letter " + id + " replayed into the database");
            return Replay.WRITTEN;
        }
    }

    public List<DeadLetter> deadLetters() {
        return deadLetters.all();
    }

    public Optional<DeadLetter> deadLetter(UUID id) {
        return deadLetters.find(id);
    }

    public boolean discardDeadLetter(UUID id) {
        synchronized (replayLock) {
            boolean removed = deadLetters.remove(id);
            if (removed) {
                LOG.warning(() -> "Audit dead letter " + id + " discarded");
            }
            return removed;
        }
    }

    private void spillQueue() {
        List<AuditRecord> batch = new ArrayList<>();
        queue.drainTo(batch);
        if (!batch.isEmpty()) {
            spoolQuietly(batch);
        }
    }

    private void spoolQuietly(List<AuditRecord> batch) {
        try {
            spool.write(batch);
            spooled.addAndGet(batch.size());
        } catch (RuntimeException e) {
            // the disk failed too: put back what fits, log the rest in full
            for (AuditRecord record : batch) {
                if (!queue.offer(record)) {
                    LOG.severe("Audit record kept only in this log line: " + record);
                }
            }
            LOG.log(Level.SEVERE, "Cannot spool audit records", e);
        }
    }

    /** Last attempt at shutdown: the database if it answers within {@code patience}, else the spool. */
    public synchronized void close(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        List<AuditRecord> batch = new ArrayList<>(batchSize);
        while (queue.drainTo(batch, batchSize) > 0) {
            if (outage || System.nanoTime() > deadline || !store(batch)) {
                spoolQuietly(batch);
            }
            batch.clear();
        }
    }

    public int buffered() {
        return queue.size();
    }

    public int spooledBatches() {
        return spool.pendingFiles();
    }

    public long written() {
        return written.get();
    }

    /** Exports the rows written as the counter {@code name}. */
    public void exportWritten(MetricRegistry metrics, String name) {
        written.exportAs(metrics, name);
    }

    public boolean spoolWritable() {
        return spool.writable();
    }

    public int deadLetterCount() {
        return deadLetters.count();
    }

    public Snapshot snapshot() {
        return new Snapshot(queue.size(), spool.pendingFiles(), written.get(), spooled.get(), outage, lastError,
                deadLetters.count(), deadLettered.get());
    }
}
