package dev.mcphybrid.workflow;

import static dev.mcphybrid.common.JsonSupport.JSON;

import dev.mcphybrid.events.EventBus;
import dev.mcphybrid.events.EventType;
import dev.mcphybrid.execution.ToolId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import java.util.logging.Logger;

/**
 * Publishes {@code workflow_update} events (README "Live events"): phase {@code run_started}, {@code step_started},
 * {@code step_finished}, {@code run_finished} (with the run's status, CANCELLED included). Step events carry the
 * tool's server as their serverId, so a server filter shows the steps that used it.
 */
@ApplicationScoped
public class WorkflowEvents {

    private static final Logger LOG = Logger.getLogger(WorkflowEvents.class.getName());

    @Inject
    EventBus bus;

    void runStarted(RunState run, String principal) {
        publish(null, base("run_started", run).add("principal", principal).add("steps", run.definition().steps().size()));
    }

    void stepStarted(RunState run, StepRun step) {
        JsonObjectBuilder data = base("step_started", run).add("stepId", step.id()).add("toolId", step.toolId())
                .add("attempt", step.attempts);
        if (step.executionId != null) {
            data.add("executionId", step.executionId.toString());
        }
        publish(ToolId.parse(step.toolId()).server(), data);
    }

    void stepFinished(RunState run, StepRun step) {
        JsonObjectBuilder data = base("step_finished", run).add("stepId", step.id()).add("toolId", step.toolId())
                .add("status", step.status.name()).add("attempts", step.attempts);
        if (step.executionId != null) {
            data.add("executionId", step.executionId.toString());
        }
        if (step.durationMs != null) {
            data.add("durationMs", step.durationMs);
        }
        if (step.error != null) {
            data.add("error", step.error);
        }
        publish(ToolId.parse(step.toolId()).server(), data);
    }

    void runFinished(RunState run) {
        JsonObjectBuilder data = base("run_finished", run).add("status", run.status().name());
        if (run.error() != null) {
            data.add("error", run.error());
        }
        publish(null, data);
    }

    private static JsonObjectBuilder base(String phase, RunState run) {
        return JSON.createObjectBuilder().add("phase", phase).add("runId", run.id().toString())
                .add("workflowId", run.definition().id());
    }

    private void publish(String serverId, JsonObjectBuilder data) {
        try {
            bus.publish(EventType.WORKFLOW_UPDATE, serverId, data.build());
        } catch (RuntimeException e) {
            LOG.fine(() -> "workflow_update not published: " + e); // events are a view; the run's rows are the record
        }
    }
}
