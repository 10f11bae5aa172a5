package dev.mcphybrid.security.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcphybrid.security.OAuthSettings;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProtectedResourceMetadataServletTest {

    @Test
    void theDocumentNamesTheResourceItsIssuersScopesAndTheHeaderMethod() {
        OAuthSettings settings = OAuthSettings.read(key -> Optional.ofNullable(Map.of(OAuthSettings.ISSUER, "https://login.example.com",
                OAuthSettings.RESOURCE, "https://gateway.example.com/mcp", OAuthSettings.SCOPES, "mcp:read").get(key)), 9080);
        JsonObject document = ProtectedResourceMetadataServlet.document(settings);
        assertThat(document.getString("resource")).isEqualTo("https://gateway.example.com/mcp");
        assertThat(document.getJsonArray("authorization_servers").getString(0)).isEqualTo("https://login.example.com");
        assertThat(document.getJsonArray("scopes_supported").getString(0)).isEqualTo("mcp:read");
        assertThat(document.getJsonArray("bearer_methods_supported").getString(0)).isEqualTo("header");

        JsonObject devKeysOnly = ProtectedResourceMetadataServlet.document(OAuthSettings.none(9080));
        assertThat(devKeysOnly.containsKey("authorization_servers")).as("no issuer, none named").isFalse();
        assertThat(devKeysOnly.containsKey("scopes_supported")).isFalse();
    }

    @Test
    void itIsServedAtTheRootTheResourcesPathAndBelowItOnly() {
        URI resource = URI.create("https://gateway.example.com/mcp");
        assertThat(ProtectedResourceMetadataServlet.covers(resource, "")).isTrue();
        assertThat(ProtectedResourceMetadataServlet.covers(resource, "/mcp")).isTrue();
        assertThat(ProtectedResourceMetadataServlet.covers(resource, "/mcp/research")).as("a virtual server's tokens are the gateway's").isTrue();
        assertThat(ProtectedResourceMetadataServlet.covers(resource, "/mcpx")).isFalse();
        assertThat(ProtectedResourceMetadataServlet.covers(resource, "/api")).isFalse();
    }
}
