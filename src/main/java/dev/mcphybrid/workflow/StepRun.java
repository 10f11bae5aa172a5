package dev.mcphybrid.workflow;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.UUID;

/** One step (or compensation) of a run as it stands; changed only under its {@link RunState}'s lock. */
public final class StepRun {

    final String id;
    final String toolId;
    StepStatus status = StepStatus.PENDING;
    int attempts;
    JsonObject arguments;
    JsonValue result;
    String error;
    UUID executionId;
    Instant startedAt;
    Instant finishedAt;
    Long durationMs;

    StepRun(String id, String toolId) {
        this.id = id;
        this.toolId = toolId;
    }

    public String id() {
        return id;
    }

    public String toolId() {
        return toolId;
    }

    public StepStatus status() {
        return status;
    }

    public int attempts() {
        return attempts;
    }

    public JsonObject arguments() {
        return arguments;
    }

    public JsonValue result() {
        return result;
    }

    public String error() {
        return error;
    }

    public UUID executionId() {
        return executionId;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public Long durationMs() {
        return durationMs;
    }

    void end(StepStatus status, JsonValue result, String error) {
        this.status = status;
        this.result = result;
        this.error = error;
        this.finishedAt = Instant.now();
        if (startedAt != null) {
            this.durationMs = java.time.Duration.between(startedAt, finishedAt).toMillis();
        }
    }

    StepView view() {
        return new StepView(id, toolId, status, attempts, arguments, result, error, executionId, startedAt, finishedAt, durationMs);
    }
}
