package dev.mcphybrid.upstream;

import dev.mcphybrid.problem.ErrorPageServlet;
import dev.mcphybrid.problem.Problem;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.spec.ProtocolVersions;
import jakarta.json.JsonValue;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The headers the MCP transport specification tells a server to check before it reads a message: {@code Origin},
 * against DNS rebinding (a browser page of another site must not reach a gateway on localhost or an internal
 * network), judged by the SDK's own validator against {@code gateway.mcp.allowed-origins}; and
 * {@code MCP-Protocol-Version}, which must name a version the gateway speaks (400 otherwise). A request without
 * an {@code Origin} (any non-browser client) or without a version header (the first request, older clients) passes.
 */
final class McpHeadersFilter extends HttpFilter {

    static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
    /** The versions the MCP Java SDK serves, oldest first. */
    static final Set<String> PROTOCOL_VERSIONS = new TreeSet<>(Set.of(ProtocolVersions.MCP_2024_11_05,
            ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25));
    /** JSON-RPC "Invalid Request": the message may be fine, the HTTP request carrying it is not acceptable. */
    private static final int INVALID_REQUEST = -32600;

    private final DefaultServerTransportSecurityValidator origins;

    McpHeadersFilter(List<String> allowedOrigins) {
        this.origins = DefaultServerTransportSecurityValidator.builder().allowedOrigins(allowedOrigins).build();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (origin != null) {
            try {
                origins.validateHeaders(Map.of("Origin", List.of(origin)));
            } catch (ServerTransportSecurityException e) {
                reject(request, response, 403, "mcp-origin-not-allowed", "Origin not allowed", "Origin " + clip(origin)
                        + " may not use this MCP endpoint; gateway.mcp.allowed-origins lists the browser origins that may");
                return;
            }
        }
        String version = request.getHeader(PROTOCOL_VERSION);
        if (version != null && !PROTOCOL_VERSIONS.contains(version.trim())) {
            reject(request, response, 400, "mcp-protocol-version", "Unsupported MCP protocol version", PROTOCOL_VERSION + " "
                    + clip(version) + " is not one this gateway speaks: " + String.join(", ", PROTOCOL_VERSIONS));
            return;
        }
        chain.doFilter(request, response);
    }

    /** A JSON-RPC error for a message (its id unknown: the body is not read), problem+json for a stream request. */
    private static void reject(HttpServletRequest request, HttpServletResponse response, int status, String slug, String title,
                               String detail) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            ErrorPageServlet.write(response, Problem.of(status, slug, title, detail).withInstance(request.getRequestURI()));
            return;
        }
        JsonRpcAnswers.error(response, status, JsonValue.NULL, INVALID_REQUEST, detail);
    }

    private static String clip(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "…" : value;
    }
}
