package dev.mcphybrid.console;

import dev.mcphybrid.security.OAuthIssuer;
import dev.mcphybrid.security.OAuthSettings;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the console needs before anyone signs in, at {@code /console/settings.json}: the public client it signs in
 * with ({@code gateway.oauth.console-client-id}), when an issuer is configured. Which issuer, scopes and resource it
 * reads from the gateway's protected resource metadata, as any MCP client would. Holds nothing secret.
 */
public class ConsoleSettingsServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<OAuthSettings> settings = OAuthIssuer.settings().filter(s -> s.issuer().isPresent() && s.consoleClientId().isPresent());
        JsonObjectBuilder body = Json.createObjectBuilder();
        if (settings.isPresent()) {
            body.add("oauth", Json.createObjectBuilder().add("clientId", settings.get().consoleClientId().get()));
        } else {
            body.addNull("oauth");
        }
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(body.build().toString());
    }
}
