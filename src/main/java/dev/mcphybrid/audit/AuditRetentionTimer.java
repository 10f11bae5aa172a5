package dev.mcphybrid.audit;

import dev.mcphybrid.cluster.ClusterMembers;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The audit table's upkeep, every gateway.audit.upkeep-interval-ms (an hour; the first round 30 s after start) on a
 * non-persistent EJB timer, on the instance that leads the cluster only:
 * <ul>
 * <li>on a partitioned table (PostgreSQL), creates the partitions of the current period and of
 * gateway.audit.partitions-ahead more (each gateway.audit.partition-interval long), then applies
 * gateway.audit.retention-days (default 90; 0 keeps everything) by detaching and dropping every partition that
 * holds only older rows, and deleting older rows from the default partition in batches;</li>
 * <li>on PostgreSQL, deletes roll-up rows (hours and days) older than gateway.audit.rollup-retention-days (default
 * 400; 0 keeps them);</li>
 * <li>on a plain table (H2), applies the retention by deleting older rows in batches.</li>
 * </ul>
 */
@Singleton
@Startup
public class AuditRetentionTimer {

    private static final Logger LOG = Logger.getLogger(AuditRetentionTimer.class.getName());

    @Resource
    TimerService timerService;

    @Inject
    AuditRetention retention;

    @Inject
    AuditPartitions partitions;

    @Inject
    AuditRollups rollups;

    @Inject
    ClusterMembers cluster;

    @Inject
    @ConfigProperty(name = "gateway.audit.upkeep-interval-ms")
    long upkeepIntervalMs;

    @Inject
    @ConfigProperty(name = "gateway.audit.rollup-retention-days")
    int rollupRetentionDays;

    @Inject
    @ConfigProperty(name = "gateway.audit.retention-days")
    int retentionDays;

    @Inject
    @ConfigProperty(name = "gateway.audit.partition-interval")
    String partitionInterval;

    @Inject
    @ConfigProperty(name = "gateway.audit.partitions-ahead")
    int partitionsAhead;

    private PartitionInterval interval;

    @PostConstruct
    void schedule() {
        interval = PartitionInterval.parse(partitionInterval);
        if (partitionsAhead < 0) {
            throw new IllegalArgumentException("gateway.audit.partitions-ahead must be 0 or more, not " + partitionsAhead);
        }
        if (upkeepIntervalMs < 1000) {
            throw new IllegalArgumentException("gateway.audit.upkeep-interval-ms must be 1000 or more, not " + upkeepIntervalMs);
        }
        timerService.createIntervalTimer(Duration.ofSeconds(30).toMillis(), upkeepIntervalMs,
                new TimerConfig("audit-upkeep", false));
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void apply() {
        if (!cluster.leads()) {
            return; // once per cluster: the leader looks after the table for every instance
        }
        boolean partitioned;
        try {
            partitioned = partitions.partitioned();
        } catch (RuntimeException e) {
            LOG.warning(() -> "Audit upkeep skipped, the database does not answer now: " + e.getMessage());
            return;
        }
        if (partitioned) {
            createAhead();
        }
        if (retentionDays > 0) {
            Instant cutoff = Instant.now().minus(Duration.ofDays(retentionDays));
            if (partitioned) {
                dropExpired(cutoff);
            } else {
                deleteOlderThan(cutoff);
            }
        }
        if (partitioned && rollupRetentionDays > 0) {
            deleteOldRollups(Instant.now().minus(Duration.ofDays(rollupRetentionDays)));
        }
    }

    private void deleteOldRollups(Instant cutoff) {
        try {
            long total = 0;
            int deleted;
            do {
                deleted = rollups.deleteOlderThan(cutoff);
                total += deleted;
            } while (deleted >= AuditRollups.BATCH);
            long removed = total;
            if (removed > 0) {
                LOG.info(() -> "Audit retention removed " + removed + " roll-up rows older than " + rollupRetentionDays + " days");
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "Audit retention could not delete old roll-ups now: " + e.getMessage());
        }
    }

    private void createAhead() {
        try {
            List<String> created = partitions.createAhead(Instant.now(), interval, partitionsAhead);
            if (!created.isEmpty()) {
                LOG.info(() -> "Created audit partitions " + created);
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "Could not create audit partitions ahead now (rows of periods without one go to "
                    + AuditPartitions.DEFAULT_PARTITION + "): " + e.getMessage());
        }
    }

    private void dropExpired(Instant cutoff) {
        try {
            List<String> dropped = partitions.dropOlderThan(cutoff);
            if (!dropped.isEmpty()) {
                LOG.info(() -> "Audit retention dropped the partitions " + dropped + " (older than " + retentionDays + " days)");
            }
            long total = 0;
            int deleted;
            do {
                deleted = partitions.deleteFromDefaultOlderThan(cutoff, AuditRetention.BATCH);
                total += deleted;
            } while (deleted == AuditRetention.BATCH);
            long removed = total;
            if (removed > 0) {
                LOG.info(() -> "Audit retention removed " + removed + " executions older than " + retentionDays
                        + " days from " + AuditPartitions.DEFAULT_PARTITION);
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "Audit retention could not drop old partitions now: " + e.getMessage());
        }
    }

    private void deleteOlderThan(Instant cutoff) {
        long total = 0;
        int deleted;
        try {
            do {
                deleted = retention.deleteBatchOlderThan(cutoff);
                total += deleted;
            } while (deleted == AuditRetention.BATCH);
        } catch (RuntimeException e) {
            LOG.warning(() -> "Audit retention could not delete old rows now: " + e.getMessage());
        }
        long removed = total;
        if (removed > 0) {
            LOG.info(() -> "Audit retention removed " + removed + " executions older than " + retentionDays + " days");
        }
    }
}
