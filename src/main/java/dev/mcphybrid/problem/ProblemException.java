package dev.mcphybrid.problem;

import java.util.Map;

/** Thrown by any layer that wants a specific problem+json answer; the mapper renders it as is. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final Long retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    /** A problem the client may retry; {@code Retry-After} tells it when. */
    public ProblemException(Problem problem, Long retryAfterSeconds) {
        super(problem.title() + ": " + problem.detail());
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(Problem.of(404, "not-found", what + " not found", what + " '" + Problem.quote(id) + "' does not exist"));
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of(400, "bad-request", "Bad request", detail));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "conflict", "Conflict", detail));
    }

    public static ProblemException unprocessable(String detail, Map<String, Object> extensions) {
        return new ProblemException(Problem.of(422, "validation", "Validation failed", detail).withExtensions(extensions));
    }
}
