package dev.mcphybrid.security.boundary;

import dev.mcphybrid.problem.ErrorPageServlet;
import dev.mcphybrid.problem.Problem;
import dev.mcphybrid.security.OAuthIssuer;
import dev.mcphybrid.security.OAuthSettings;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The gateway's OAuth 2.0 Protected Resource Metadata (RFC 9728), at {@code /.well-known/oauth-protected-resource}
 * and at the path-suffixed form of its resource ({@code /.well-known/oauth-protected-resource/mcp}); also for a
 * virtual server's path ({@code .../mcp/research}), whose tokens are the gateway's. It names the resource identifier
 * that tokens must be issued for (RFC 8707), the authorization servers that issue them, the scopes, and that tokens
 * go in the Authorization header. Public and cacheable: it holds nothing secret, and MCP clients read it before
 * they have a token. Without a configured issuer it names no authorization server.
 */
public class ProtectedResourceMetadataServlet extends HttpServlet {

    static final String PATH = "/.well-known/oauth-protected-resource";
    static final String CACHE_CONTROL = "public, max-age=3600";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<OAuthSettings> settings = OAuthIssuer.settings();
        String suffix = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (settings.isEmpty()) {
            ErrorPageServlet.write(response, Problem.of(404, "not-found", "Not found",
                    "Authentication is off (gateway.auth=off): the gateway is no protected resource").withInstance(request.getRequestURI()));
            return;
        }
        if (!covers(settings.get().resource(), suffix)) {
            ErrorPageServlet.write(response, Problem.of(404, "not-found", "Not found", "The gateway's resource is "
                    + settings.get().resource() + "; its metadata is at " + settings.get().metadataUrl()).withInstance(request.getRequestURI()));
            return;
        }
        response.setStatus(200);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", CACHE_CONTROL);
        // any origin may read it: browser-based MCP clients (an inspector on localhost) start here
        response.setHeader("Access-Control-Allow-Origin", "*");
        response.getWriter().write(document(settings.get()).toString());
    }

    /** Whether the metadata asked for with this path suffix is the gateway's: none, the resource's path, or below it. */
    static boolean covers(URI resource, String suffix) {
        String path = resource.getRawPath() == null ? "" : resource.getRawPath();
        return suffix.isEmpty() || suffix.equals("/") || suffix.equals(path) || (!path.isEmpty() && suffix.startsWith(path + "/"));
    }

    static JsonObject document(OAuthSettings settings) {
        JsonObjectBuilder document = Json.createObjectBuilder()
                .add("resource", settings.resource().toString());
        if (!settings.authorizationServers().isEmpty()) {
            JsonArrayBuilder servers = Json.createArrayBuilder();
            settings.authorizationServers().forEach(server -> servers.add(server.toString()));
            document.add("authorization_servers", servers);
        }
        if (!settings.scopes().isEmpty()) {
            JsonArrayBuilder scopes = Json.createArrayBuilder();
            settings.scopes().forEach(scopes::add);
            document.add("scopes_supported", scopes);
        }
        return document
                .add("bearer_methods_supported", Json.createArrayBuilder().add("header"))
                .add("resource_name", "mcp-hybrid-server")
                .build();
    }
}
