package dev.mcphybrid.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

final class ProblemResponses {

    private ProblemResponses() {
    }

    static Response of(Problem problem, UriInfo uriInfo) {
        return builder(problem, uriInfo).build();
    }

    static Response.ResponseBuilder builder(Problem problem, UriInfo uriInfo) {
        Problem withInstance = uriInfo == null ? problem : problem.withInstance(uriInfo.getRequestUri().getPath());
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(withInstance);
    }
}
