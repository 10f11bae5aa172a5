package dev.mcphybrid.status;

import java.util.Map;

/**
 * The workflow figures of {@code GET /api/metrics}: runs this instance executes now, those it ended since start by
 * outcome, and its steps' count and mean duration. The workflow feature provides them through {@link Source}, so that
 * status needs nothing of it (workflows depend on events, which reach status through dogfood).
 */
public record WorkflowFigures(int active, Map<String, Long> runs, long steps, double stepMeanMs) {

    static final WorkflowFigures NONE = new WorkflowFigures(0, Map.of(), 0, 0);

    /** Implemented by the feature that runs workflows. */
    public interface Source {
        WorkflowFigures workflowFigures();
    }
}
