package dev.mcphybrid.common;

import dev.mcphybrid.problem.ProblemException;
import java.util.List;

/** One page of a list; {@code total} counts all matches, not just this page. */
public record Page<T>(List<T> items, int total, int offset, int limit) {

    public static final int MAX_LIMIT = 500;

    /**
     * Pages {@code all} with raw query values, so a non-number is a 400 naming the parameter (JAX-RS would answer
     * 404 for an {@code int} parameter it cannot convert).
     */
    public static <T> Page<T> of(List<T> all, String offset, String limit) {
        return of(all, number("offset", offset, 0), number("limit", limit, 100));
    }

    private static int number(String name, String raw, int fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " must be a whole number, was '" + raw + "'");
        }
    }

    public static <T> Page<T> of(List<T> all, int offset, int limit) {
        if (offset < 0) {
            throw ProblemException.badRequest("offset must be 0 or more, was " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + limit);
        return new Page<>(List.copyOf(all.subList(from, to)), all.size(), offset, limit);
    }
}
