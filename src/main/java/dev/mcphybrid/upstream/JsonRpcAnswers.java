package dev.mcphybrid.upstream;

import static dev.mcphybrid.common.JsonSupport.JSON;

import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** JSON-RPC answers the MCP filters write themselves, before or instead of the SDK: one JSON body per response. */
final class JsonRpcAnswers {

    private JsonRpcAnswers() {
    }

    /** An error answer to the request {@code id} ({@code null} when the request could not be identified). */
    static void error(HttpServletResponse response, int status, JsonValue id, int code, String message) throws IOException {
        write(response, status, JSON.createObjectBuilder().add("jsonrpc", "2.0").add("id", id)
                .add("error", JSON.createObjectBuilder().add("code", code).add("message", message)).build().toString());
    }

    /** A result answer; {@code resultJson} is the result object already written as JSON. */
    static void result(HttpServletResponse response, JsonValue id, String resultJson) throws IOException {
        write(response, HttpServletResponse.SC_OK, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + resultJson + "}");
    }

    private static void write(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(body);
    }
}
