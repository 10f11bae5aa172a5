package dev.mcphybrid.workflow;

/** Where a run is: RUNNING until it ends in one of the other four. */
public enum RunStatus {
    RUNNING,
    /** Every step ended; steps with onFailure: continue may have failed. */
    SUCCEEDED,
    FAILED,
    CANCELLED,
    /** A step failed and what had succeeded was undone by its compensations. */
    COMPENSATED;

    public boolean finished() {
        return this != RUNNING;
    }
}
