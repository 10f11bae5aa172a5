package dev.mcphybrid.audit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
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

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "gateway.data.dir")
    String dataDir;

    @Inject
    @ConfigProperty(name = "gateway.audit.buffer-size", defaultValue = "10000")
    int bufferSize;

    @Inject
    @ConfigProperty(name = "gateway.audit.batch-size", defaultValue = "500")
    int batchSize;

    @Inject
    @ConfigProperty(name = "gateway.audit.flush-ms", defaultValue = "200")
    long flushMs;

    private AuditPipeline pipeline;
    private ScheduledFuture<?> flusher;

    @PostConstruct
    void start() {
        pipeline = new AuditPipeline(writer::write, new AuditSpool(Path.of(dataDir, "audit-spool")), bufferSize, batchSize);
        flusher = scheduler.scheduleWithFixedDelay(pipeline::flush, flushMs, flushMs, TimeUnit.MILLISECONDS);
        metrics.gauge("gateway.audit.buffer.depth", pipeline, AuditPipeline::buffered);
        metrics.gauge("gateway.audit.spool.files", pipeline, AuditPipeline::spooledBatches);
        metrics.gauge("gateway.audit.written", pipeline, AuditPipeline::written);
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
