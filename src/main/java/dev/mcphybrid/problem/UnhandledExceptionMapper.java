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
        if (unknownCharset(exception)) {
            // a body in a character set the JVM cannot decode: the client's mistake, not an incident
            return ProblemResponses.of(Problem.of(415, "unsupported-charset", "Unsupported character set",
                    "The Content-Type names a character set the gateway does not know; send UTF-8"), uriInfo);
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unhandled error, incident " + incident, exception);
        Problem problem = Problem.of(500, "internal", "Internal error",
                        "The gateway failed unexpectedly; quote incident " + incident + " to an operator")
                .withExtensions(java.util.Map.of("incident", incident));
        return ProblemResponses.of(problem, uriInfo);
    }

    static boolean unknownCharset(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.io.UnsupportedEncodingException || cause instanceof java.nio.charset.UnsupportedCharsetException
                    || cause instanceof java.nio.charset.IllegalCharsetNameException) {
                return true;
            }
        }
        return false;
    }
}
