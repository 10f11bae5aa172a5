package dev.mcphybrid.execution;

/**
 * A tool as clients name it, {@code <server>.<tool>}, split once. The server part is everything before the first
 * dot (server ids have none); an id without a dot names no server and is kept as given for the audit.
 */
public record ToolId(String id, String server, String tool) {

    public static ToolId parse(String id) {
        String given = id == null ? "" : id;
        int dot = given.indexOf('.');
        return dot > 0 && dot < given.length() - 1
                ? new ToolId(given, given.substring(0, dot), given.substring(dot + 1))
                : new ToolId(given, null, given);
    }

    public static ToolId of(String server, String tool) {
        return new ToolId(server + "." + tool, server, tool);
    }

    /** Whether the id names a server at all; one that does not cannot name a tool. */
    public boolean named() {
        return server != null;
    }

    /** The server column of the audit log: the server part, or {@code unknown} for an id that names none. */
    public String serverOrUnknown() {
        return server == null ? "unknown" : server;
    }

    @Override
    public String toString() {
        return id;
    }
}
