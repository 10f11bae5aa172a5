package dev.mcphybrid.security;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an authorization server says about itself (RFC 8414 / OpenID Connect Discovery): where its keys, its
 * authorization and its token endpoints are. Read from the first of its well-known documents that answers, and only
 * believed when it names the configured issuer exactly (RFC 8414 section 3.3), so a document found elsewhere cannot
 * redirect the gateway to another key set.
 */
public record IssuerMetadata(URI issuer, URI jwksUri, Optional<URI> authorizationEndpoint, Optional<URI> tokenEndpoint, URI source) {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_BYTES = 256 * 1024;

    /** Where an issuer's metadata may be, in the order they are tried. */
    static List<URI> candidates(URI issuer) {
        String text = issuer.toString();
        String base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        String origin = OAuthSettings.origin(issuer);
        String path = base.substring(origin.length());
        List<URI> urls = new ArrayList<>();
        // OpenID Connect Discovery first: Keycloak, Entra ID, Auth0, Okta and oidc-provider all serve it
        urls.add(URI.create(base + "/.well-known/openid-configuration"));
        // RFC 8414: the well-known part goes between the host and the issuer's path
        urls.add(URI.create(origin + "/.well-known/oauth-authorization-server" + path));
        if (!path.isEmpty()) {
            urls.add(URI.create(origin + "/.well-known/openid-configuration" + path));
        }
        return urls;
    }

    /**
     * @throws IOException naming every location tried and why it failed, when none of them holds metadata for the issuer
     */
    public static IssuerMetadata discover(HttpClient http, URI issuer) throws IOException {
        List<String> failures = new ArrayList<>();
        for (URI url : candidates(issuer)) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
                        .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    failures.add(url + ": HTTP " + response.statusCode());
                    continue;
                }
                return parse(issuer, url, response.body());
            } catch (IOException | IllegalArgumentException e) {
                failures.add(url + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the metadata of " + issuer, e);
            }
        }
        throw new IOException("no metadata for issuer " + issuer + " (" + String.join("; ", failures) + ")");
    }

    /** @throws IllegalArgumentException when the document is not JSON, names another issuer or has no jwks_uri */
    static IssuerMetadata parse(URI issuer, URI source, String body) {
        if (body.length() > MAX_BYTES) {
            throw new IllegalArgumentException("the document is larger than " + MAX_BYTES + " bytes");
        }
        JsonObject document;
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            document = reader.readObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String named = string(document, "issuer").orElse("");
        if (!named.equals(issuer.toString())) {
            throw new IllegalArgumentException("it names issuer '" + named + "', not " + issuer);
        }
        URI jwks = string(document, "jwks_uri").map(URI::create)
                .orElseThrow(() -> new IllegalArgumentException("it has no jwks_uri"));
        return new IssuerMetadata(issuer, jwks, string(document, "authorization_endpoint").map(URI::create),
                string(document, "token_endpoint").map(URI::create), source);
    }

    private static Optional<String> string(JsonObject document, String name) {
        return document.get(name) instanceof JsonString text && !text.getString().isBlank() ? Optional.of(text.getString()) : Optional.empty();
    }
}
