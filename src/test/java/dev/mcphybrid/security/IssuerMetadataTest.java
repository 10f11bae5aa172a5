package dev.mcphybrid.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IssuerMetadataTest {

    @Test
    void anIssuerWithAPathIsLookedForWhereOpenIdConnectAndRfc8414PutIt() {
        assertThat(IssuerMetadata.candidates(URI.create("https://login.example.com/realms/platform/"))).extracting(URI::toString).containsExactly(
                "https://login.example.com/realms/platform/.well-known/openid-configuration",
                "https://login.example.com/.well-known/oauth-authorization-server/realms/platform",
                "https://login.example.com/.well-known/openid-configuration/realms/platform");
        assertThat(IssuerMetadata.candidates(URI.create("https://tenant.auth0.example"))).extracting(URI::toString).containsExactly(
                "https://tenant.auth0.example/.well-known/openid-configuration",
                "https://tenant.auth0.example/.well-known/oauth-authorization-server");
    }

    @Test
    void aDocumentIsBelievedOnlyWhenItNamesTheIssuerAndHasAKeySet() {
        URI issuer = URI.create("https://login.example.com");
        URI source = URI.create("https://login.example.com/.well-known/openid-configuration");
        IssuerMetadata metadata = IssuerMetadata.parse(issuer, source, """
                {"issuer": "https://login.example.com", "jwks_uri": "https://keys.example.com/jwks",
                 "authorization_endpoint": "https://login.example.com/authorize", "token_endpoint": "https://api.example.com/token"}""");
        assertThat(metadata.jwksUri()).hasToString("https://keys.example.com/jwks");
        assertThat(metadata.tokenEndpoint()).contains(URI.create("https://api.example.com/token"));
        assertThat(metadata.authorizationEndpoint()).contains(URI.create("https://login.example.com/authorize"));

        assertThatThrownBy(() -> IssuerMetadata.parse(issuer, source, "{\"issuer\": \"https://evil.example\", \"jwks_uri\": \"https://evil.example/k\"}"))
                .hasMessageContaining("evil.example").hasMessageContaining("not https://login.example.com");
        assertThatThrownBy(() -> IssuerMetadata.parse(issuer, source, "{\"issuer\": \"https://login.example.com/\", \"jwks_uri\": \"x\"}"))
                .as("the issuer must match exactly, trailing slash included").hasMessageContaining("not https://login.example.com");
        assertThatThrownBy(() -> IssuerMetadata.parse(issuer, source, "{\"issuer\": \"https://login.example.com\"}")).hasMessageContaining("jwks_uri");
        assertThatThrownBy(() -> IssuerMetadata.parse(issuer, source, "<html>")).hasMessageContaining("JSON");
    }

    @Test
    void discoveryTriesEachLocationAndSaysWhyNoneAnswered() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> asked = new ArrayList<>();
        String issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/tenant";
        server.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().getPath());
            boolean rfc8414 = exchange.getRequestURI().getPath().equals("/.well-known/oauth-authorization-server/tenant");
            byte[] body = rfc8414 ? ("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/keys\"}").getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.sendResponseHeaders(rfc8414 ? 200 : 404, rfc8414 ? body.length : -1);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            IssuerMetadata metadata = IssuerMetadata.discover(http, URI.create(issuer));
            assertThat(metadata.jwksUri()).hasToString(issuer + "/keys");
            assertThat(metadata.tokenEndpoint()).isEqualTo(Optional.empty());
            assertThat(asked).containsExactly("/tenant/.well-known/openid-configuration", "/.well-known/oauth-authorization-server/tenant");

            assertThatThrownBy(() -> IssuerMetadata.discover(http, URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/other")))
                    .isInstanceOf(IOException.class).hasMessageContaining("HTTP 404").hasMessageContaining("/other/.well-known/openid-configuration");
        } finally {
            server.stop(0);
        }
    }
}
