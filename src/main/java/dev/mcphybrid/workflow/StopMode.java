package dev.mcphybrid.workflow;

/** Why a run starts no more steps: a step failed (and the run fails or compensates), or it was cancelled. */
public enum StopMode {
    FAIL, COMPENSATE, CANCEL
}
