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
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Applies gateway.audit.retention-days (default 90; 0 keeps everything) every hour on a non-persistent EJB
 * timer, on the instance that leads the cluster. For very large volumes, partition tool_execution by month instead (db/README.md).
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
    ClusterMembers cluster;

    @Inject
    @ConfigProperty(name = "gateway.audit.retention-days", defaultValue = "90")
    int retentionDays;

    @PostConstruct
    void schedule() {
        if (retentionDays > 0) {
            timerService.createIntervalTimer(Duration.ofMinutes(1).toMillis(), Duration.ofHours(1).toMillis(),
                    new TimerConfig("audit-retention", false));
        }
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void apply() {
        if (!cluster.leads()) {
            return; // once per cluster: the leader deletes for every instance
        }
        Instant cutoff = Instant.now().minus(Duration.ofDays(retentionDays));
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
