package dev.mcphybrid.workflow;

/** The set of workflow definitions changed (a file, or through the API); the MCP endpoints list them again. */
public record WorkflowsChanged(int count) {
}
