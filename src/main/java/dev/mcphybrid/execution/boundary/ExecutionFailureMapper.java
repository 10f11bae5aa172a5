package dev.mcphybrid.execution.boundary;

import dev.mcphybrid.execution.ExecutionFailure;
import dev.mcphybrid.problem.Problem;
import dev.mcphybrid.problem.ProblemResponses;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** A call without a result, as problem+json: the reason decides status, type and title; Retry-After when it helps. */
@Provider
public class ExecutionFailureMapper implements ExceptionMapper<ExecutionFailure> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(ExecutionFailure failure) {
        Response.ResponseBuilder response = ProblemResponses.builder(problemOf(failure), uriInfo);
        if (failure.retryAfterSeconds() != null) {
            response.header("Retry-After", failure.retryAfterSeconds());
        }
        return response.build();
    }

    static Problem problemOf(ExecutionFailure failure) {
        String detail = failure.detail();
        return switch (failure.reason()) {
            case BAD_REQUEST -> Problem.of(400, "bad-request", "Bad request", detail);
            case INVALID_ARGUMENTS -> Problem.of(422, "validation", "Validation failed", detail)
                    .withExtensions(Map.of("violations", failure.violations()));
            case UNKNOWN_TOOL -> Problem.of(404, "not-found", "Tool not found", detail);
            case FORBIDDEN -> Problem.of(403, "forbidden", "Forbidden", detail);
            case RATE_LIMITED -> Problem.of(429, "rate-limited", "Too many calls", detail);
            case CIRCUIT_OPEN -> Problem.of(503, "circuit-open", "Server circuit open", detail);
            case SERVER_BUSY -> Problem.of(503, "server-busy", "Server busy", detail);
            case SERVER_UNAVAILABLE -> Problem.of(503, "server-unavailable", "Server unavailable", detail);
            case SERVER_ERROR -> Problem.of(502, "server-error", "Server refused the call", detail);
            case SERVER_UNREACHABLE -> Problem.of(502, "server-unreachable", "Server failed", detail);
            case TIMEOUT -> Problem.of(504, "tool-timeout", "Tool call timed out", detail);
            // REST callers cannot cancel; a call cancelled some other way is in conflict with its own answer
            case CANCELLED -> Problem.of(409, "call-cancelled", "Call cancelled", detail);
        };
    }
}
