package dev.mcphybrid.common;

/** Turns an exception chain into one line fit for a log, a status field or an operator. */
public final class Failures {

    private Failures() {
    }

    /** The first line of the innermost cause's message (or its type when it has none). */
    public static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
