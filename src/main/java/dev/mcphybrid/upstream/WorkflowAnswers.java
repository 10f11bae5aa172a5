package dev.mcphybrid.upstream;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.workflow.RunStatus;
import dev.mcphybrid.workflow.RunView;
import dev.mcphybrid.workflow.StepView;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * A workflow run as an MCP tool result: {@code structuredContent} holds the run's id, status, output and steps (each
 * with its audit executionId); the text content is the same as JSON, for clients that read only text; a run that
 * did not succeed is {@code isError}.
 */
final class WorkflowAnswers {

    private WorkflowAnswers() {
    }

    static JsonObject result(RunView run) {
        JsonArrayBuilder steps = JSON.createArrayBuilder();
        for (StepView step : run.steps()) {
            JsonObjectBuilder s = JSON.createObjectBuilder().add("id", step.id()).add("toolId", step.toolId())
                    .add("status", step.status().name()).add("attempts", step.attempts());
            if (step.executionId() != null) {
                s.add("executionId", step.executionId().toString());
            }
            if (step.error() != null) {
                s.add("error", step.error());
            }
            steps.add(s);
        }
        JsonObjectBuilder structured = JSON.createObjectBuilder().add("runId", run.id().toString())
                .add("workflowId", run.workflowId()).add("status", run.status().name());
        if (run.output() != null) {
            structured.add("output", run.output());
        }
        if (run.error() != null) {
            structured.add("error", run.error());
        }
        JsonObject content = structured.add("steps", steps).build();
        return JSON.createObjectBuilder()
                .add("content", JSON.createArrayBuilder().add(JSON.createObjectBuilder().add("type", "text").add("text", content.toString())))
                .add("structuredContent", content)
                .add("isError", run.status() != RunStatus.SUCCEEDED)
                .build();
    }
}
