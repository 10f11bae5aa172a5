package dev.mcphybrid.security;

import dev.mcphybrid.problem.ReasonPhrases;
import jakarta.json.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Shapes every 401 the container raises (no token, or one MicroProfile JWT refused) on its way to the error page:
 * {@code WWW-Authenticate: Bearer} names the gateway's protected resource metadata (RFC 9728 section 5.1), where an
 * MCP client learns which authorization server to ask, and says {@code error="invalid_token"} when a token was sent
 * (RFC 6750 section 3.1). A refused call to {@code /mcp} is answered as a JSON-RPC error, the language an MCP client
 * reads; the rest goes on to the problem+json error page.
 */
public class BearerChallengeFilter extends HttpFilter {

    static final String REALM = "mcp-hybrid-server";
    /** An MCP-endpoint refusal: JSON-RPC leaves -32000 to -32099 to the server. */
    static final int JSON_RPC_UNAUTHORIZED = -32001;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? "" : uri.toString().substring(Math.min(uri.toString().length(), request.getContextPath().length()));
        boolean tokenSent = request.getHeader("Authorization") != null;
        response.setHeader("WWW-Authenticate", challenge(OAuthIssuer.settings(), tokenSent));
        if (path.equals("/mcp") || path.startsWith("/mcp/")) {
            response.setStatus(401);
            ReasonPhrases.apply(response, 401);
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write(Json.createObjectBuilder()
                    .add("jsonrpc", "2.0")
                    .addNull("id")
                    .add("error", Json.createObjectBuilder()
                            .add("code", JSON_RPC_UNAUTHORIZED)
                            .add("message", tokenSent
                                    ? "Unauthorized: the bearer token was refused (expired, not signed by a trusted issuer, or for another audience)"
                                    : "Unauthorized: send a bearer token; WWW-Authenticate names the resource metadata that says where to get one"))
                    .build().toString());
            return;
        }
        chain.doFilter(request, response);
    }

    /** The header's value: realm, resource metadata and scope (when known), and the error when a token was refused. */
    static String challenge(Optional<OAuthSettings> settings, boolean tokenSent) {
        StringBuilder value = new StringBuilder("Bearer realm=\"").append(REALM).append('"');
        settings.ifPresent(s -> {
            value.append(", resource_metadata=\"").append(s.metadataUrl()).append('"');
            if (!s.scopes().isEmpty()) {
                value.append(", scope=\"").append(String.join(" ", s.scopes())).append('"');
            }
        });
        if (tokenSent) {
            value.append(", error=\"invalid_token\", error_description=\"The access token is expired, malformed, not signed by a trusted key, "
                    + "or issued for another issuer or audience\"");
        }
        return value.toString();
    }
}
