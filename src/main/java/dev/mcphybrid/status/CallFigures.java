package dev.mcphybrid.status;

/**
 * Calls of one series over a window (see {@link WindowCounts} for what counts as an error) with the p50/p95
 * duration of the latest of them that reached a server or the cache; the percentiles are null without such calls.
 */
public record CallFigures(long calls, long errors, long rejected, double errorRate, Double p50Ms, Double p95Ms) {

    static CallFigures of(WindowCounts counts, LatencyReservoir.Percentiles percentiles) {
        return new CallFigures(counts.calls(), counts.errors(), counts.rejected(), counts.errorRate(),
                percentiles.p50Ms(), percentiles.p95Ms());
    }
}
