package dev.mcphybrid.mcp;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How the gateway talks to an MCP server; the wire names are those of the catalogue and the API. */
public enum Transport {
    STREAMABLE_HTTP("streamable-http"),
    SSE("sse"),
    STDIO("stdio");

    private final String wireName;

    Transport(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean isUrlBased() {
        return this != STDIO;
    }

    public static Optional<Transport> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equalsIgnoreCase(name)).findFirst();
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(Transport::wireName).collect(Collectors.joining(", "));
    }
}
