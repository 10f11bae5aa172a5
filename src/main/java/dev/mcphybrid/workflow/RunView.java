package dev.mcphybrid.workflow;

import jakarta.json.JsonValue;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A run as the API shows it; {@code steps} in the definition's order, compensations after them. */
@JsonbPropertyOrder({"id", "workflowId", "status", "error", "principal", "requestId", "createdAt", "finishedAt",
        "cancelRequested", "leaseOwner", "input", "output", "steps"})
public record RunView(UUID id, String workflowId, RunStatus status, String error, String principal, String requestId,
                      Instant createdAt, Instant finishedAt, boolean cancelRequested, String leaseOwner, JsonValue input,
                      JsonValue output, List<StepView> steps) {
}
