package dev.mcphybrid.mcp;

import jakarta.json.JsonObject;

/** What a server said about itself in the initialize handshake. */
public record ServerHandshake(String serverName, String serverVersion, String protocolVersion,
                              JsonObject capabilities, String instructions) {

    public boolean supports(String capability) {
        return capabilities != null && capabilities.containsKey(capability);
    }
}
