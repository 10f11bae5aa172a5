package dev.mcphybrid.problem;

import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The error page for errors the container raises before the application runs: a path it will not map (400), a
 * failed or missing token (401), a token without a gateway role (403), an unmapped path (404), an oversized body
 * (413), and any other status or escaped exception. Answers with problem+json and never includes the exception,
 * whose message may name internals.
 */
public class ErrorPageServlet extends HttpServlet {

    /** Its own factory: problem documents sit below every feature, common included. */
    private static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : statusFromPath(request.getPathInfo());
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Problem problem = problemFor(status);
        if (status == 401 && response.getHeader("WWW-Authenticate") == null) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"mcp-hybrid-server\"");
        }
        write(response, problem.withInstance(uri == null ? null : uri.toString()));
    }

    /** Writes a problem document as the whole response; for filters that answer before the application runs. */
    public static void write(HttpServletResponse response, Problem problem) throws IOException {
        JsonObjectBuilder body = JSON.createObjectBuilder()
                .add("type", problem.type())
                .add("title", problem.title())
                .add("status", problem.status())
                .add("detail", problem.detail());
        if (problem.instance() != null && problem.instance().length() <= Problem.MAX_INSTANCE_CHARS) {
            body.add("instance", problem.instance());
        }
        response.setStatus(problem.status());
        ReasonPhrases.apply(response, problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(body.build().toString());
    }

    static Problem problemFor(int status) {
        return switch (status) {
            case 400 -> Problem.of(400, "bad-request", "Bad request",
                    "The request could not be mapped: its path holds characters the gateway does not accept "
                            + "(for example an encoded slash, dot or backslash), or it is otherwise malformed");
            case 401 -> Problem.of(401, "unauthorized", "Authentication required",
                    "Send a valid bearer token (JWT) in the Authorization header: it is missing, expired, "
                            + "not signed by the configured key, or issued for another issuer or audience");
            case 403 -> Problem.of(403, "forbidden", "Forbidden", "The token has none of the gateway's roles (viewer, operator, admin)");
            case 404 -> Problem.of(404, "not-found", "Not found", "Nothing is served at this path; the API is under /api");
            case 405 -> Problem.of(405, "method-not-allowed", "Method not allowed", "This path does not accept that method");
            case 413 -> Problem.of(413, "payload-too-large", "Request body too large", "The request body is larger than the gateway accepts");
            case 414 -> Problem.of(414, "uri-too-long", "URI too long", "The request URI is longer than the gateway accepts");
            case 415 -> Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "The body's media type or character set is not one the gateway reads; send application/json in UTF-8");
            case 431 -> Problem.of(431, "headers-too-large", "Request header fields too large",
                    "The request carries more or larger header fields than the gateway accepts");
            case 501 -> Problem.of(501, "not-implemented", "Not implemented", "The gateway does not implement this method");
            case 503 -> Problem.of(503, "unavailable", "Service unavailable", "The gateway cannot serve the request right now; retry later");
            default -> status >= 400 && status < 500
                    ? Problem.of(status, "http-" + status, "Request rejected", "The gateway refused the request with status " + status)
                    : Problem.of(status >= 500 && status < 600 ? status : 500, "internal-error", "Internal error",
                            "The gateway failed to handle the request; see its log");
        };
    }

    private static int statusFromPath(String pathInfo) {
        try {
            return pathInfo == null ? 500 : Integer.parseInt(pathInfo.substring(1));
        } catch (NumberFormatException e) {
            // /problem/default without an error status: reached by an exception that escaped a servlet
            return "/default".equals(pathInfo) ? 500 : 404;
        }
    }
}
