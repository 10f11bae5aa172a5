package dev.mcphybrid.workflow;

import java.util.List;

/**
 * One step of a workflow: a tool call that starts once every step it {@code needs} has ended (by default the step
 * before it in the list), if its condition holds. {@code idempotent} null means "as the tool's annotations say".
 */
public record StepDefinition(String id, ToolStep call, List<String> needs, Condition when, RetryPolicy retry,
                             OnFailure onFailure, ToolStep compensate, Boolean idempotent) {

    public String tool() {
        return call.tool();
    }

    /** The id of this step's compensation row. */
    public String compensationId() {
        return compensationId(id);
    }

    public static String compensationId(String stepId) {
        return stepId + ":compensate";
    }
}
