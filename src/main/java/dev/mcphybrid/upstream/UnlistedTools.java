package dev.mcphybrid.upstream;

import dev.mcphybrid.execution.ToolId;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers a {@code tools/call} of a Streamable HTTP endpoint that names a tool the endpoint does not list, which the
 * SDK would refuse as "Unknown tool: invalid_tool_name": a tool of a known server that is down (or reconnecting) is
 * an audited {@code isError} result saying so, as docs/mcp-endpoint.md promises; a tool outside a virtual server,
 * or of no server at all, is a JSON-RPC error naming it. Tools the endpoint lists are left to the SDK.
 */
final class UnlistedTools {

    private final ExposedServer exposed;
    private final UpstreamBridge bridge;
    private final McpJsonMapper mapper;

    UnlistedTools(ExposedServer exposed, UpstreamBridge bridge, McpJsonMapper mapper) {
        this.exposed = exposed;
        this.bridge = bridge;
        this.mapper = mapper;
    }

    /** @return whether the call was answered here (a tool the endpoint does not list) */
    boolean answered(JsonRpcPeek call, HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObject params = call.params();
        String name = params != null && params.get("name") instanceof JsonString text ? text.getString() : null;
        if (name == null || exposed.lists(name)) {
            return false; // the SDK says what is wrong with a call without a name
        }
        String toolId = ExposedNames.toolId(name);
        if (toolId == null || !exposed.includes(toolId)) {
            JsonRpcAnswers.error(response, HttpServletResponse.SC_OK, call.answerId(), McpSchema.ErrorCodes.INVALID_PARAMS,
                    "Unknown tool: " + name + (toolId == null ? " (tools are named serverId__toolName)" : " is not offered by this endpoint"));
            return true;
        }
        JsonObject arguments = params.get("arguments") instanceof JsonObject given ? given : JsonValue.EMPTY_JSON_OBJECT;
        try {
            McpSchema.CallToolResult result = bridge.callUnlisted(ToolId.parse(toolId), name, arguments,
                    params.get("_meta") instanceof JsonObject meta ? meta : null, request);
            JsonRpcAnswers.result(response, call.answerId(), mapper.writeValueAsString(result));
        } catch (McpError e) {
            JsonRpcAnswers.error(response, HttpServletResponse.SC_OK, call.answerId(), e.getJsonRpcError().code(),
                    e.getJsonRpcError().message());
        }
        return true;
    }
}
