package dev.mcphybrid.audit;

import java.time.Instant;
import java.util.List;

/**
 * Counts, error rates and duration percentiles over a window, overall and per tool and server. {@code percentiles}
 * says how p50/p95 were found: {@value #EXACT} from every row, or {@value #HISTOGRAM} from the roll-up's duration
 * buckets (within one bucket of the exact value, see db/README.md "Roll-ups"); counts are exact either way.
 */
public record ExecutionStats(Instant from, Instant to, Row total, List<Row> byTool, List<Row> byServer, String percentiles) {

    public static final String EXACT = "exact";
    public static final String HISTOGRAM = "histogram";

    /**
     * {@code errorRate} = (ERROR + TIMEOUT) / count; REJECTED calls never reached a server and are counted apart.
     * Percentiles are over calls that reached a server or the cache.
     */
    public record Row(String key, long count, long errors, long timeouts, long rejected, double errorRate,
                      Double p50Ms, Double p95Ms) {
    }
}
