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

    /** A page size from 1 to {@code max}, {@code orElse} when absent; anything else is a 400 problem. */
    public static int pageSize(String value, int orElse, int max) {
        if (value == null || value.isBlank()) {
            return orElse;
        }
        try {
            int size = Integer.parseInt(value.trim());
            if (size >= 1 && size <= max) {
                return size;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ProblemException.badRequest("limit must be a whole number from 1 to " + max + ", was '" + value + "'");
    }

    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
