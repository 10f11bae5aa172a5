package dev.mcphybrid.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Renders a {@link Problem} as an {@code application/problem+json} response, its instance the request path. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    static Response of(Problem problem, UriInfo uriInfo) {
        return builder(problem, uriInfo).build();
    }

    public static Response.ResponseBuilder builder(Problem problem, UriInfo uriInfo) {
        Problem withInstance = uriInfo == null ? problem : problem.withInstance(uriInfo.getRequestUri().getPath());
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(withInstance);
    }
}
