package dev.mcphybrid.workflow.boundary;

import dev.mcphybrid.common.KeysetCursor;
import dev.mcphybrid.common.QueryParams;
import dev.mcphybrid.problem.ProblemException;
import dev.mcphybrid.security.Callers;
import dev.mcphybrid.security.RequiresRole;
import dev.mcphybrid.security.Role;
import dev.mcphybrid.workflow.CancelOutcome;
import dev.mcphybrid.workflow.RunStatus;
import dev.mcphybrid.workflow.RunView;
import dev.mcphybrid.workflow.WorkflowEngine;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("workflow-runs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Workflows")
public class WorkflowRunsResource {

    public record RunPage(List<RunView> items, String nextCursor) {
    }

    public record Cancelled(UUID runId, String outcome) {
    }

    @Inject
    WorkflowEngine engine;

    @Inject
    Callers callers;

    @Context
    SecurityContext security;

    @GET
    @Operation(summary = "Runs, newest first, keyset-paged: pass nextCursor back as cursor")
    public RunPage list(@QueryParam("workflow") String workflow,
                        @Parameter(description = "RUNNING, SUCCEEDED, FAILED, CANCELLED or COMPENSATED") @QueryParam("status") String status,
                        @QueryParam("cursor") String cursor,
                        @Parameter(description = "1-100, default 20") @QueryParam("limit") String limit) {
        int size = QueryParams.pageSize(limit, 20, 100);
        KeysetCursor after = KeysetCursor.decode(cursor);
        List<RunView> items = engine.page(QueryParams.blankToNull(workflow), status(status),
                after == null ? null : after.at(), after == null ? null : after.id(), size);
        String next = null;
        if (items.size() == size) {
            RunView last = items.get(items.size() - 1);
            next = new KeysetCursor(last.createdAt(), last.id()).encode();
        }
        return new RunPage(items, next);
    }

    @GET
    @Path("{runId}")
    @Operation(summary = "One run with every step: state, redacted arguments, result, error, timings, audit executionId")
    public RunView get(@PathParam("runId") String runId) {
        return engine.view(id(runId)).orElseThrow(() -> ProblemException.notFound("Workflow run", runId));
    }

    @POST
    @Path("{runId}/cancel")
    @RequiresRole(Role.OPERATOR)
    @Operation(summary = "Cancel a running run: no further step starts, running calls are cancelled (notifications/cancelled)",
            description = "202 when cancelled (or asked of the instance running it); 404 unknown run; 409 the run has ended.")
    public Response cancel(@PathParam("runId") String runId) {
        UUID id = id(runId);
        CancelOutcome outcome = engine.cancel(id, callers.of(security).name());
        return switch (outcome) {
            case NOT_FOUND -> throw ProblemException.notFound("Workflow run", runId);
            case FINISHED -> throw ProblemException.conflict("Workflow run " + runId + " has ended ("
                    + engine.view(id).map(v -> v.status().name()).orElse("ended") + "); there is nothing to cancel");
            default -> Response.accepted(new Cancelled(id, outcome.name())).build();
        };
    }

    private static UUID id(String runId) {
        try {
            return UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("Workflow run", runId);
        }
    }

    private static String status(String status) {
        if (blank(status)) {
            return null;
        }
        try {
            return RunStatus.valueOf(status.trim().toUpperCase(Locale.ROOT)).name();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("status must be one of " + Arrays.toString(RunStatus.values()));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
