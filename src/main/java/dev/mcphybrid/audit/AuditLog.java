package dev.mcphybrid.audit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.mcphybrid.events.SystemAlert;
import jakarta.enterprise.event.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The gateway's audit trail. {@link #record} never touches the database: it queues the record and returns, and a
 * background writer stores queued records in batches. See {@link AuditPipeline} for what happens when the
 * database is away, and db/README.md for the guarantee.
 */
@ApplicationScoped
public class AuditLog {

    @Inject
    AuditWriter writer;

    @Inject
    MetricRegistry metrics;

    @Inject
    Event<SystemAlert> alerts;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "gateway.data.dir")
    String dataDir;

    @Inject
    @ConfigProperty(name = "gateway.audit.buffer-size")
    int bufferSize;

    @Inject
    @ConfigProperty(name = "gateway.audit.batch-size")
    int batchSize;

    @Inject
    @ConfigProperty(name = "gateway.audit.flush-ms")
    long flushMs;

    private AuditPipeline pipeline;
    private ScheduledFuture<?> flusher;
    private final DeadLetterAlerts deadLetterAlerts = new DeadLetterAlerts(Duration.ofMinutes(1));

    @PostConstruct
    void start() {
        AuditPipeline.BatchWriter database = new AuditPipeline.BatchWriter() {
            @Override
            public int applyAsInt(List<AuditRecord> batch) {
                return writer.write(batch);
            }

            @Override
            public boolean reachable() {
                return writer.reachable();
            }
        };
        pipeline = new AuditPipeline(database, new AuditSpool(Path.of(dataDir, "audit-spool")),
                new DeadLetters(Path.of(dataDir, "audit-dead-letters")), this::deadLettered, bufferSize, batchSize);
        flusher = scheduler.scheduleWithFixedDelay(pipeline::flush, flushMs, flushMs, TimeUnit.MILLISECONDS);
        metrics.gauge("gateway.audit.buffer.depth", pipeline, AuditPipeline::buffered);
        metrics.gauge("gateway.audit.spool.files", pipeline, AuditPipeline::spooledBatches);
        pipeline.exportWritten(metrics, "gateway.audit.written");
        metrics.gauge("gateway.audit.dead.letters", pipeline, AuditPipeline::deadLetterCount);
    }

    private void deadLettered(DeadLetter letter) {
        deadLetterAlerts.due(letter).ifPresent(message -> alerts.fireAsync(SystemAlert.warning("audit", letter.record().serverId(), message)));
    }

    /** Whether audit records could go to the disk spool now (its directory exists or can be made, and is writable). */
    public boolean spoolWritable() {
        return pipeline.spoolWritable();
    }

    /** The audit pipeline itself: dead letters and their replay. */
    public AuditPipeline pipeline() {
        return pipeline;
    }

    /** Queues a record for the database; never blocks on the database and never throws. */
    public void record(AuditRecord record) {
        pipeline.offer(record);
    }

    /** Queue depth, spool and outage state of the pipeline right now. */
    public AuditPipeline.Snapshot snapshot() {
        return pipeline.snapshot();
    }

    /** Graceful shutdown: one last attempt at the database, then whatever is left goes to the disk spool. */
    @PreDestroy
    void stop() {
        flusher.cancel(false);
        pipeline.close(Duration.ofSeconds(10));
    }
}
