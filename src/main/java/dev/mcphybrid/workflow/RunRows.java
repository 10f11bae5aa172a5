package dev.mcphybrid.workflow;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.workflow.entity.StepRunRow;
import dev.mcphybrid.workflow.entity.WorkflowRunRow;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** Between the tables' rows and what the engine and the API work with. */
final class RunRows {

    private RunRows() {
    }

    static StepRunRow row(UUID runId, StepRun step) {
        StepRunRow row = new StepRunRow();
        row.key = RunStore.key(runId, step.id);
        row.toolId = step.toolId;
        row.status = step.status.name();
        row.attempts = step.attempts;
        row.arguments = step.arguments == null ? null : step.arguments.toString();
        row.result = step.result == null ? null : step.result.toString();
        row.error = cut(step.error, 2000);
        row.executionId = step.executionId;
        row.startedAt = step.startedAt;
        row.finishedAt = step.finishedAt;
        row.durationMs = step.durationMs;
        return row;
    }

    /** Puts a stored step back into a run being resumed. */
    static void restore(RunState state, StepRunRow row) {
        StepRun step = state.restore(row.key.stepId, row.toolId);
        step.status = StepStatus.valueOf(row.status);
        step.attempts = row.attempts;
        step.arguments = row.arguments == null ? null : parse(row.arguments).asJsonObject();
        step.result = row.result == null ? null : parse(row.result);
        step.error = row.error;
        step.executionId = row.executionId;
        step.startedAt = row.startedAt;
        step.finishedAt = row.finishedAt;
        step.durationMs = row.durationMs;
    }

    static RunView view(WorkflowRunRow run, List<StepRunRow> steps, JsonValue shownInput) {
        List<String> order = new ArrayList<>();
        JsonValue definedSteps = parse(run.definition).asJsonObject().get("steps");
        if (definedSteps != null && definedSteps.getValueType() == JsonValue.ValueType.ARRAY) {
            definedSteps.asJsonArray().forEach(s -> {
                if (s instanceof JsonObject o && o.get("id") instanceof JsonString id) {
                    order.add(id.getString());
                }
            });
        }
        List<StepView> views = steps.stream()
                .sorted(Comparator.comparingInt((StepRunRow s) -> order.indexOf(s.key.stepId) < 0 ? Integer.MAX_VALUE : order.indexOf(s.key.stepId))
                        .thenComparing(s -> s.startedAt == null ? java.time.Instant.MAX : s.startedAt))
                .map(s -> new StepView(s.key.stepId, s.toolId, StepStatus.valueOf(s.status), s.attempts,
                        s.arguments == null ? null : parse(s.arguments).asJsonObject(), s.result == null ? null : parse(s.result),
                        s.error, s.executionId, s.startedAt, s.finishedAt, s.durationMs))
                .toList();
        return new RunView(run.id, run.workflowId, RunStatus.valueOf(run.status), run.error, run.principal, run.requestId,
                run.createdAt, run.finishedAt, run.cancelRequested, RunStatus.valueOf(run.status).finished() ? null : run.leaseOwner,
                shownInput, run.output == null ? null : parse(run.output), views);
    }

    static JsonValue parse(String json) {
        try (var reader = JSON.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
