package dev.mcphybrid.audit;

import java.time.Instant;
import java.util.List;

/** Counts, error rates and duration percentiles over a window, overall and per tool and server. */
public record ExecutionStats(Instant from, Instant to, Row total, List<Row> byTool, List<Row> byServer) {

    /**
     * {@code errorRate} = (ERROR + TIMEOUT) / count; REJECTED calls never reached a server and are counted apart.
     * Percentiles are over calls that reached a server or the cache.
     */
    public record Row(String key, long count, long errors, long timeouts, long rejected, double errorRate,
                      Double p50Ms, Double p95Ms) {
    }
}
