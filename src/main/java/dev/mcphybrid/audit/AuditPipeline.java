package dev.mcphybrid.audit;

import dev.mcphybrid.common.Failures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves audit records from memory to the database without ever making a tool call wait for the database:
 * <ol>
 * <li>{@link #offer} puts the record in a bounded in-memory queue.</li>
 * <li>{@link #flush} (every few hundred ms, on one thread) first replays spooled batches, oldest first, then
 * writes the queue in batches.</li>
 * <li>When a write fails (database away), that batch goes to the disk spool and the pipeline stays in outage
 * mode: every round moves what was queued to the spool, so no more than one round of records is only in
 * memory, and retries the database with back-off (0.5 s doubling to 10 s) by replaying the spool.</li>
 * <li>If the queue is full, {@link #offer} writes the record to the spool itself; if even that fails, the record
 * is logged in full at SEVERE, the last place it can go.</li>
 * </ol>
 * Writes skip ids already stored, so a batch replayed after a crash between commit and spool deletion is not
 * stored twice.
 */
public final class AuditPipeline {

    private static final Logger LOG = Logger.getLogger(AuditPipeline.class.getName());

    /** What the database side does with a batch: returns rows inserted, throws when the database is unusable. */
    @FunctionalInterface
    public interface BatchWriter extends ToIntFunction<List<AuditRecord>> {
    }

    public record Snapshot(int buffered, int spooledBatches, long written, long spooled, boolean outage, String lastError) {
    }

    private final BatchWriter writer;
    private final AuditSpool spool;
    private final BlockingQueue<AuditRecord> queue;
    private final int batchSize;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private volatile boolean outage;
    private volatile String lastError;
    private volatile Instant nextRetry = Instant.MIN;
    private Duration retryDelay = Duration.ofMillis(500);

    public AuditPipeline(BatchWriter writer, AuditSpool spool, int capacity, int batchSize) {
        this.writer = writer;
        this.spool = spool;
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
            List<AuditRecord> batch = spool.read(file);
            if (!store(batch)) {
                return false;
            }
            spool.delete(file);
            LOG.info(() -> "Replayed " + batch.size() + " spooled audit records from " + file.getFileName());
        }
        return true;
    }

    private boolean store(List<AuditRecord> batch) {
        try {
            written.addAndGet(writer.applyAsInt(batch));
            if (outage) {
                LOG.info("Audit database reachable again; writing resumed");
            }
            outage = false;
            lastError = null;
            retryDelay = Duration.ofMillis(500);
            return true;
        } catch (RuntimeException e) {
            lastError = Failures.rootMessage(e);
            if (!outage) {
                LOG.warning(() -> "Audit database unreachable (" + lastError + "); keeping records in memory and on disk at "
                        + spool.directory());
            }
            outage = true;
            nextRetry = Instant.now().plus(retryDelay);
            retryDelay = retryDelay.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : retryDelay.multipliedBy(2);
            return false;
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

    public Snapshot snapshot() {
        return new Snapshot(queue.size(), spool.pendingFiles(), written.get(), spooled.get(), outage, lastError);
    }
}
