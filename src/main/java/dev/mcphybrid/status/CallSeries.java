package dev.mcphybrid.status;

import dev.mcphybrid.audit.ExecutionStatus;
import java.time.Instant;

/** Everything kept about the calls of one series (the gateway, a server or a tool). */
final class CallSeries {

    /** Calls whose durations are kept per series for the percentiles. */
    static final int RESERVOIR_SIZE = 512;

    private final CallCounts counts = new CallCounts();
    private final LatencyReservoir latencies = new LatencyReservoir(RESERVOIR_SIZE);

    void record(ExecutionStatus status, long durationMs, Instant finishedAt) {
        counts.record(finishedAt, status);
        if (status != ExecutionStatus.REJECTED) {
            latencies.record(durationMs, finishedAt);
        }
    }

    WindowCounts counts(StatusWindow window, Instant now) {
        return counts.in(window, now);
    }

    CallFigures figures(StatusWindow window, Instant now) {
        return CallFigures.of(counts.in(window, now), latencies.since(now.minus(window.duration())));
    }
}
