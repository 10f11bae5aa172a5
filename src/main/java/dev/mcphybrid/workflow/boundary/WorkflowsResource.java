package dev.mcphybrid.workflow.boundary;

import dev.mcphybrid.common.JsonBodies;
import dev.mcphybrid.execution.CallerInfo;
import dev.mcphybrid.problem.Problem;
import dev.mcphybrid.problem.ProblemException;
import dev.mcphybrid.security.Callers;
import dev.mcphybrid.security.RequiresRole;
import dev.mcphybrid.security.Role;
import dev.mcphybrid.workflow.InvalidInputException;
import dev.mcphybrid.workflow.InvalidWorkflowException;
import dev.mcphybrid.workflow.RunHandle;
import dev.mcphybrid.workflow.WorkflowDefinition;
import dev.mcphybrid.workflow.WorkflowEngine;
import dev.mcphybrid.workflow.Workflows;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("workflows")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Workflows", description = "Durable multi-step tool chains (docs/workflows.md)")
public class WorkflowsResource {

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    /** A workflow in the list. */
    public record Summary(String id, String description, String source, int steps, String mcpTool) {
        static Summary of(WorkflowDefinition d) {
            return new Summary(d.id(), d.description(), d.source(), d.steps().size(), "workflow__" + d.id());
        }
    }

    public record Listing(List<Summary> workflows, Map<String, List<String>> invalid) {
    }

    /** One workflow: where it comes from, its input schema and the definition as read. */
    public record Detail(String id, String description, String source, String mcpTool, JsonObject inputSchema, JsonObject definition) {
        static Detail of(WorkflowDefinition d) {
            return new Detail(d.id(), d.description(), d.source(), "workflow__" + d.id(), d.inputSchema(), d.json());
        }
    }

    public record Started(UUID runId, String workflowId, String status, String location) {
    }

    @Inject
    Workflows workflows;

    @Inject
    WorkflowEngine engine;

    @Inject
    Callers callers;

    @Context
    SecurityContext security;

    @Context
    HttpServletRequest http;

    @Context
    UriInfo uri;

    @GET
    @Operation(summary = "Every workflow, and definition files that could not be used with their problems")
    public Listing list() {
        return new Listing(workflows.all().stream().map(Summary::of).toList(), workflows.fileProblems());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One workflow with its input schema and definition")
    public Detail get(@PathParam("id") String id) {
        return Detail.of(find(id));
    }

    @PUT
    @Path("{id}")
    @RequiresRole(Role.ADMIN)
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @Operation(summary = "Create or replace a workflow (YAML or JSON); 422 lists every problem with where it is",
            description = "Stored in the database, so every instance of a cluster has it. A workflow of a definition file cannot be changed here (409).")
    public Response put(@PathParam("id") String id, String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("Send the definition (YAML or JSON): id, input, steps");
        }
        boolean existed = workflows.find(id).isPresent();
        WorkflowDefinition saved;
        try {
            saved = workflows.save(id, body, callers.of(security).name());
        } catch (InvalidWorkflowException e) {
            throw ProblemException.unprocessable("The workflow definition is not valid", Map.of("violations", e.problems()));
        } catch (IllegalStateException e) {
            throw ProblemException.conflict(e.getMessage());
        } catch (jakarta.persistence.PersistenceException | jakarta.transaction.TransactionalException e) {
            throw new ProblemException(Problem.of(503, "database-unavailable", "Database unavailable",
                    "The definition is valid but the database did not store it; try again later"), 5L);
        }
        return (existed ? Response.ok(Detail.of(saved)) : Response.status(201).location(uri.getAbsolutePath()).entity(Detail.of(saved))).build();
    }

    @DELETE
    @Path("{id}")
    @RequiresRole(Role.ADMIN)
    @Operation(summary = "Delete a workflow made through the API (runs are kept)")
    public Response delete(@PathParam("id") String id) {
        try {
            if (!workflows.delete(id)) {
                throw ProblemException.notFound("Workflow", id);
            }
        } catch (IllegalStateException e) {
            throw ProblemException.conflict(e.getMessage());
        }
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/runs")
    @RequiresRole(Role.OPERATOR)
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Operation(summary = "Start a run; the body is the run's input. 202 with Location of the run",
            description = "404 unknown workflow, 400 malformed JSON, 422 input violating the workflow's input schema (every violation listed). "
                    + "Every step is an ordinary execution (access policy, rate limits, audit row with the run id and step).")
    public Response run(@PathParam("id") String id, String body) {
        WorkflowDefinition definition = find(id);
        JsonObject input = body == null || body.isBlank() ? JsonValue.EMPTY_JSON_OBJECT : JsonBodies.object(body);
        CallerInfo caller = new CallerInfo(callers.of(security), http.getRemoteAddr(), http.getHeader("User-Agent"), requestId());
        RunHandle handle;
        try {
            handle = engine.start(definition, input, caller, null);
        } catch (InvalidInputException e) {
            throw ProblemException.unprocessable(e.getMessage(), Map.of("violations", e.violations()));
        }
        String location = uri.getBaseUriBuilder().path("workflow-runs").path(handle.runId().toString()).build().toString();
        return Response.accepted(new Started(handle.runId(), definition.id(), "RUNNING", location))
                .header("Location", location).header("X-Request-Id", caller.requestId()).build();
    }

    private WorkflowDefinition find(String id) {
        return workflows.find(id).orElseThrow(() -> ProblemException.notFound("Workflow", id));
    }

    private String requestId() {
        String given = http.getHeader("X-Request-Id");
        return given != null && REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }
}
