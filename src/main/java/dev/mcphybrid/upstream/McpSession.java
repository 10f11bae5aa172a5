package dev.mcphybrid.upstream;

import static dev.mcphybrid.common.JsonSupport.JSON;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.StringReader;

/**
 * What it takes to serve a session of the gateway's Streamable HTTP endpoint on any instance: who opened it, where,
 * and the client's initialize request (client info, capabilities, requested protocol version), which an instance
 * that has never seen the session replays to its own MCP server to build an equivalent one.
 *
 * @param id              the session id the client sends ({@code Mcp-Session-Id})
 * @param principal       the caller that initialized it; no one else may use it
 * @param endpoint        {@code /mcp} or {@code /mcp/{virtual}}
 * @param protocolVersion what the server negotiated
 * @param initialize      the params of the client's initialize request, as JSON
 */
record McpSession(String id, String principal, String endpoint, String protocolVersion, String initialize,
                  long createdAt, String createdBy) {

    boolean belongsTo(String principal, String endpoint) {
        return this.principal.equals(principal) && this.endpoint.equals(endpoint);
    }

    /** The initialize request to replay; its id is never seen by a client. */
    String initializeRequest() {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"session-rebuild\",\"method\":\"initialize\",\"params\":" + initialize + "}";
    }

    String toJson() {
        return JSON.createObjectBuilder()
                .add("id", id)
                .add("principal", principal)
                .add("endpoint", endpoint)
                .add("protocolVersion", protocolVersion == null ? "" : protocolVersion)
                .add("initialize", initialize)
                .add("createdAt", createdAt)
                .add("createdBy", createdBy)
                .build().toString();
    }

    /** @throws IllegalArgumentException when the text is not a session this code wrote */
    static McpSession fromJson(String json) {
        try (var reader = JSON.createReader(new StringReader(json))) {
            JsonObject o = reader.readObject();
            return new McpSession(o.getString("id"), o.getString("principal"), o.getString("endpoint"),
                    o.getString("protocolVersion"), o.getString("initialize"), o.getJsonNumber("createdAt").longValue(),
                    o.getString("createdBy"));
        } catch (JsonException | NullPointerException | ClassCastException e) {
            throw new IllegalArgumentException("not an MCP session: " + e.getMessage(), e);
        }
    }
}
