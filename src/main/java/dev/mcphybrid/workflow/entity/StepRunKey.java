package dev.mcphybrid.workflow.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** The key of a {@link StepRunRow}: the run and the step. */
@Embeddable
public class StepRunKey implements Serializable {

    @Column(name = "run_id")
    public UUID runId;

    @Column(name = "step_id", length = 100)
    public String stepId;

    protected StepRunKey() {
    }

    public StepRunKey(UUID runId, String stepId) {
        this.runId = runId;
        this.stepId = stepId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StepRunKey key && Objects.equals(key.runId, runId) && Objects.equals(key.stepId, stepId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(runId, stepId);
    }
}
