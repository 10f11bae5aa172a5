package dev.mcphybrid.common;

import dev.mcphybrid.problem.ProblemException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameter readers whose failures are 400 problems naming the parameter. */
public final class QueryParams {

    private QueryParams() {
    }

    /** An ISO-8601 instant, or null when absent. */
    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name + " must be an ISO-8601 instant such as 2026-11-26T10:00:00Z");
        }
    }

    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
