package dev.mcphybrid.workflow;

/** Told each time a step of a run ends (an MCP client hears it as a progress notification). */
@FunctionalInterface
public interface StepListener {

    /** @param ended steps ended so far, of {@code total} */
    void stepEnded(String stepId, StepStatus status, int ended, int total);
}
