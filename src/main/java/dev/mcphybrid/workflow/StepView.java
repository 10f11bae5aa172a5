package dev.mcphybrid.workflow;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.UUID;

/** A step of a run as the API shows it: arguments redacted, executionId the audit row of its latest attempt. */
@JsonbPropertyOrder({"id", "toolId", "status", "attempts", "arguments", "result", "error", "executionId", "startedAt",
        "finishedAt", "durationMs"})
public record StepView(String id, String toolId, StepStatus status, int attempts, JsonObject arguments, JsonValue result,
                       String error, UUID executionId, Instant startedAt, Instant finishedAt, Long durationMs) {
}
