package dev.mcphybrid.execution.boundary;

import dev.mcphybrid.execution.CallerInfo;
import dev.mcphybrid.execution.ExecutionFailure;
import dev.mcphybrid.execution.ExecutionResponse;
import dev.mcphybrid.execution.ExecutionSettings;
import dev.mcphybrid.execution.FailureReason;
import dev.mcphybrid.execution.ToolCall;
import dev.mcphybrid.execution.ToolExecutor;
import dev.mcphybrid.execution.ToolId;
import dev.mcphybrid.problem.ProblemException;
import dev.mcphybrid.security.Callers;
import dev.mcphybrid.telemetry.CallTracing;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("tools/{id}/execute")
@RequestScoped
@Tag(name = "Tools")
public class ExecuteResource {

    /** A client-chosen X-Request-Id is kept if it is short and plain; otherwise the gateway makes one. */
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    @Inject
    ToolExecutor executor;

    @Inject
    ExecutionSettings settings;

    @Inject
    Callers callers;

    @Inject
    CallTracing tracing;

    @Context
    HttpServletRequest http;

    @Context
    SecurityContext security;

    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Execute a tool: validate the arguments against its input schema, call it, audit the call",
            description = "Answers 200 with the MCP result as the server returned it (status SUCCESS, or ERROR when the "
                    + "tool reports isError). 400 malformed body, 404 unknown tool, 422 arguments violating the schema "
                    + "(every violation listed), 502 server failed, 503 server down, circuit open or busy (Retry-After), "
                    + "504 timed out (the server is sent notifications/cancelled). Every call is audited.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            example = "{\"arguments\": {\"message\": \"hello\"}, \"timeoutMs\": 5000}"))
    @APIResponse(responseCode = "200", description = "the tool ran; see status and result")
    public Response execute(@PathParam("id") String id, String body) {
        String requestId = requestId();
        ToolId tool = ToolId.parse(id);
        CallerInfo caller = new CallerInfo(callers.of(security), http.getRemoteAddr(), http.getHeader("User-Agent"), requestId);
        // the request's span when the runtime traces; else the trace its client named, which the call still joins
        try (Scope trace = tracing.resume(tracing.httpContext(http.getHeader("traceparent"), http.getHeader("tracestate")))) {
            ExecuteRequest request;
            try {
                request = ExecuteRequest.parse(body, settings.defaultTimeout(), settings.maxTimeout());
            } catch (ProblemException e) {
                executor.refused(tool, caller, new ExecutionFailure(FailureReason.BAD_REQUEST, e.problem().detail()));
                throw e;
            }
            ExecutionResponse response = executor.execute(new ToolCall(tool, request.arguments(), request.timeout(), caller));
            return Response.ok(response).header("X-Request-Id", requestId).build();
        }
    }

    private String requestId() {
        String given = http.getHeader("X-Request-Id");
        return given != null && REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }
}
