package dev.mcphybrid.status;

/**
 * Calls over a window. {@code errors} are ERROR and TIMEOUT outcomes; REJECTED calls never reached a server and are
 * counted apart, but are part of {@code calls}; {@code errorRate} = errors / calls (0 without calls), as in
 * {@code /api/executions/stats}.
 */
public record WindowCounts(long calls, long errors, long rejected, double errorRate) {

    public static final WindowCounts NONE = of(0, 0, 0);

    public static WindowCounts of(long calls, long errors, long rejected) {
        return new WindowCounts(calls, errors, rejected, calls == 0 ? 0 : Math.round(errors * 10000.0 / calls) / 10000.0);
    }
}
