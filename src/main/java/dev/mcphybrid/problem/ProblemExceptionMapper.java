package dev.mcphybrid.problem;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(ProblemException exception) {
        Response.ResponseBuilder response = ProblemResponses.builder(exception.problem(), uriInfo);
        if (exception.retryAfterSeconds() != null) {
            response.header("Retry-After", exception.retryAfterSeconds());
        }
        return response.build();
    }
}
