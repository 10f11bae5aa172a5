package dev.mcphybrid.problem;

/** Turns a body-parsing failure into one line a client can act on, without internals or stack frames. */
final class UnreadableBody {

    private UnreadableBody() {
    }

    static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String name = cause.getClass().getName();
        if (name.startsWith("jakarta.json") || name.startsWith("org.eclipse.parsson") || name.startsWith("org.eclipse.yasson")) {
            return "malformed JSON (" + firstLine(cause.getMessage()) + ")";
        }
        return "malformed or unexpected body";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
