package dev.mcphybrid.workflow;

/** Where one step of a run is. UNKNOWN: it was in flight when its instance stopped, and was not run again. */
public enum StepStatus {
    PENDING, RUNNING, SUCCEEDED, FAILED, SKIPPED, CANCELLED, UNKNOWN;

    public boolean ended() {
        return this != PENDING && this != RUNNING;
    }
}
