package dev.mcphybrid.workflow;

import static dev.mcphybrid.common.JsonSupport.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The state machine of one run, without threads, database or tools, so it can be tested alone. The engine asks it
 * which steps may start, tells it how each ended, and asks whether the run is over; every method is called under
 * the instance's lock (the engine synchronizes on it).
 *
 * <p>A step may start when every step it needs has ended and the run is not stopping. A step that fails for good
 * stops the run unless its onFailure is {@code continue}: no further step starts, those running finish. A
 * compensating run then runs the compensations (the failed step's own first, then those of the steps that
 * succeeded, newest first), one at a time. A run is over when nothing runs and nothing more may start.
 */
public final class RunState implements Reference.Scope {

    private final UUID id;
    private final WorkflowDefinition definition;
    private final JsonObject input;
    private final Map<String, StepRun> steps = new LinkedHashMap<>();
    private RunStatus status = RunStatus.RUNNING;
    private StopMode stopMode;
    private String error;
    private String failedStep;
    private JsonValue output;

    public RunState(UUID id, WorkflowDefinition definition, JsonObject input) {
        this.id = id;
        this.definition = definition;
        this.input = input;
        for (StepDefinition step : definition.steps()) {
            steps.put(step.id(), new StepRun(step.id(), step.tool()));
        }
    }

    public UUID id() {
        return id;
    }

    public WorkflowDefinition definition() {
        return definition;
    }

    public RunStatus status() {
        return status;
    }

    public StopMode stopMode() {
        return stopMode;
    }

    public String error() {
        return error;
    }

    public JsonValue output() {
        return output;
    }

    public StepRun step(String id) {
        return steps.get(id);
    }

    public List<StepRun> steps() {
        return List.copyOf(steps.values());
    }

    /** Restores a step as stored (after a restart); compensation rows are added as they come. */
    StepRun restore(String id, String toolId) {
        return steps.computeIfAbsent(id, k -> new StepRun(id, toolId));
    }

    void restoreStop(StopMode mode, String error, String failedStep) {
        this.stopMode = mode;
        this.error = error;
        this.failedStep = failedStep;
    }

    /** Steps that may start now, in definition order: pending, every need ended, the run not stopping. */
    public List<StepDefinition> startable() {
        if (stopMode != null) {
            return List.of();
        }
        List<StepDefinition> ready = new ArrayList<>();
        for (StepDefinition step : definition.steps()) {
            if (steps.get(step.id()).status == StepStatus.PENDING
                    && step.needs().stream().allMatch(need -> steps.get(need).status.ended())) {
                ready.add(step);
            }
        }
        return ready;
    }

    public void started(String stepId, Instant at) {
        StepRun step = steps.get(stepId);
        step.status = StepStatus.RUNNING;
        if (step.startedAt == null) {
            step.startedAt = at;
        }
    }

    public void skipped(String stepId) {
        steps.get(stepId).end(StepStatus.SKIPPED, null, null);
    }

    public void succeeded(String stepId, JsonValue result) {
        steps.get(stepId).end(StepStatus.SUCCEEDED, result, null);
    }

    /** A step that failed for good: the run goes on, fails or compensates as the step says. */
    public void failed(String stepId, String why) {
        StepRun run = steps.get(stepId);
        run.end(StepStatus.FAILED, null, why);
        Optional<StepDefinition> step = definition.step(stepId);
        if (step.isEmpty()) {
            return; // a compensation: its failure is judged when the run ends
        }
        switch (step.get().onFailure()) {
            case CONTINUE -> { }
            case FAIL -> stop(StopMode.FAIL, stepId, "step " + stepId + " failed: " + why);
            case COMPENSATE -> stop(StopMode.COMPENSATE, stepId, "step " + stepId + " failed: " + why);
        }
    }

    /** A step that was in flight when its instance stopped and may not be run again: the run fails. */
    public void unknown(String stepId, String why) {
        steps.get(stepId).end(StepStatus.UNKNOWN, null, why);
        stop(StopMode.FAIL, stepId, why);
    }

    public void cancelledStep(String stepId, String why) {
        steps.get(stepId).end(StepStatus.CANCELLED, null, why);
    }

    /** @return whether this cancel stops the run (a run already stopping finishes as it is) */
    public boolean cancel(String why) {
        if (stopMode != null || status.finished()) {
            return false;
        }
        stop(StopMode.CANCEL, null, why);
        return true;
    }

    private void stop(StopMode mode, String stepId, String why) {
        if (stopMode == null) {
            stopMode = mode;
            error = why;
            failedStep = stepId;
        }
    }

    public String failedStep() {
        return failedStep;
    }

    public boolean anyRunning() {
        return steps.values().stream().anyMatch(s -> s.status == StepStatus.RUNNING);
    }

    /**
     * The next compensation to run, once nothing runs any more: the failed step's own, then those of the steps that
     * succeeded, newest first; empty when none is left (or the run does not compensate).
     */
    public Optional<StepDefinition> nextCompensation() {
        if (stopMode != StopMode.COMPENSATE || anyRunning()) {
            return Optional.empty();
        }
        for (StepDefinition step : compensationOrder()) {
            StepRun undo = steps.get(step.compensationId());
            if (undo == null || undo.status == StepStatus.PENDING) {
                return Optional.of(step);
            }
        }
        return Optional.empty();
    }

    List<StepDefinition> compensationOrder() {
        List<StepDefinition> order = new ArrayList<>();
        definition.step(failedStep).filter(s -> s.compensate() != null).ifPresent(order::add);
        definition.steps().stream()
                .filter(s -> s.compensate() != null && steps.get(s.id()).status == StepStatus.SUCCEEDED)
                .sorted(Comparator.comparing((StepDefinition s) -> steps.get(s.id()).finishedAt).reversed())
                .forEach(order::add);
        return order;
    }

    /** The row of a compensation about to run. */
    public StepRun compensation(StepDefinition step) {
        return steps.computeIfAbsent(step.compensationId(), id -> new StepRun(id, step.compensate().tool()));
    }

    /**
     * Ends the run if nothing runs and nothing more may start: steps that never started are SKIPPED, and the status
     * follows from why it stopped.
     *
     * @return whether the run is over now
     */
    public boolean finishIfDone() {
        if (status.finished()) {
            return true;
        }
        if (anyRunning() || !startable().isEmpty() || nextCompensation().isPresent()) {
            return false;
        }
        steps.values().stream().filter(s -> s.status == StepStatus.PENDING).forEach(s -> s.end(StepStatus.SKIPPED, null, null));
        if (stopMode == null) {
            status = RunStatus.SUCCEEDED;
            if (definition.output() != null) {
                try {
                    output = Template.evaluate(definition.output(), this);
                } catch (Template.EvaluationException e) {
                    status = RunStatus.FAILED;
                    error = "output: " + e.getMessage();
                }
            }
            return true;
        }
        switch (stopMode) {
            case CANCEL -> status = RunStatus.CANCELLED;
            case FAIL -> status = RunStatus.FAILED;
            case COMPENSATE -> {
                List<String> failedUndo = compensationOrder().stream().map(s -> steps.get(s.compensationId()))
                        .filter(s -> s != null && s.status != StepStatus.SUCCEEDED).map(StepRun::id).toList();
                if (failedUndo.isEmpty()) {
                    status = RunStatus.COMPENSATED;
                } else {
                    status = RunStatus.FAILED;
                    error = error + "; compensation failed: " + String.join(", ", failedUndo);
                }
            }
        }
        return true;
    }

    /** Sets the final status read back from the database. */
    void restoreFinished(RunStatus status, JsonValue output) {
        this.status = status;
        this.output = output;
    }

    // Reference.Scope: what ${...} sees

    @Override
    public JsonValue input() {
        return input;
    }

    @Override
    public Optional<JsonValue> stepField(String stepId, String field) {
        StepRun step = steps.get(stepId);
        if (step == null) {
            return Optional.empty();
        }
        return switch (field) {
            case "result" -> Optional.ofNullable(step.result);
            case "status" -> Optional.of(JSON.createValue(step.status.name()));
            case "error" -> Optional.ofNullable(step.error).map(JSON::createValue);
            case "executionId" -> Optional.ofNullable(step.executionId).map(id -> JSON.createValue(id.toString()));
            case "attempts" -> Optional.of(JSON.createValue(step.attempts));
            default -> Optional.empty();
        };
    }

    @Override
    public String runId() {
        return id.toString();
    }

    @Override
    public String workflowId() {
        return definition.id();
    }
}
