package dev.mcphybrid.problem;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Last line of defence: anything unexpected becomes a 500 problem with an incident id. The stack trace goes to
 * the log under that id, never to the client.
 */
@Provider
public class UnhandledExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnhandledExceptionMapper.class.getName());

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable exception) {
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unhandled error, incident " + incident, exception);
        Problem problem = Problem.of(500, "internal", "Internal error",
                        "The gateway failed unexpectedly; quote incident " + incident + " to an operator")
                .withExtensions(java.util.Map.of("incident", incident));
        return ProblemResponses.of(problem, uriInfo);
    }
}
