package dev.mcphybrid.workflow;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;

/**
 * A workflow as parsed and validated: its steps in the order written, the JSON Schema of a run's input, an optional
 * output template, and the JSON it was read from (stored with each run). {@code source} is the file it came from,
 * or {@code api}.
 */
public record WorkflowDefinition(String id, String description, JsonObject inputSchema, List<StepDefinition> steps,
                                 JsonValue output, JsonObject json, String source) {

    public Optional<StepDefinition> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public boolean fromApi() {
        return "api".equals(source);
    }
}
