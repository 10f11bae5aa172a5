package dev.mcphybrid.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** JAX-RS' own errors (unknown path, wrong method, unreadable body, ...) as problem+json with their status. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    private static final Logger LOG = Logger.getLogger(WebApplicationExceptionMapper.class.getName());

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original == null ? 500 : original.getStatus();
        Response.StatusType statusType = Response.Status.fromStatusCode(status);
        String title = statusType == null ? "HTTP " + status : statusType.getReasonPhrase();
        String detail = status >= 500 ? "The gateway could not complete the request" : safeDetail(exception, status);
        if (status >= 500) {
            LOG.log(Level.WARNING, "Request failed with " + status, exception);
        }
        Response.ResponseBuilder builder = ProblemResponses.builder(
                Problem.of(status, slug(status), title, detail), uriInfo);
        if (original != null) {
            // keep headers that matter to the client, e.g. Allow on 405 and Retry-After on 429/503
            original.getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(v -> builder.header(name, v));
                }
            });
        }
        return builder.build();
    }

    private static String safeDetail(WebApplicationException exception, int status) {
        return switch (status) {
            case 400 -> "The request could not be read: " + UnreadableBody.describe(exception);
            case 404 -> "No resource at this path";
            case 405 -> "Method not allowed on this resource";
            case 406 -> "The requested media type is not available";
            case 415 -> "Unsupported media type; send application/json";
            default -> exception.getMessage() == null ? "Request rejected" : exception.getMessage();
        };
    }

    private static String slug(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status;
        };
    }
}
