package dev.mcphybrid.security;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code gateway.oauth.*} settings: which authorization server issues the gateway's tokens, what the gateway is
 * called as a protected resource (RFC 9728) and what audience its tokens must carry (RFC 8707), and how a token's
 * claim becomes the gateway's roles. Without an issuer the gateway verifies the development key pair (or whatever
 * {@code mp.jwt.verify.*} names) as before, and still publishes its resource metadata, without authorization servers.
 *
 * @param issuer             the issuer whose tokens are accepted, exactly as it writes {@code iss}; empty = none
 * @param authorizationServers the issuers named in the resource metadata (the issuer, unless configured otherwise)
 * @param resource           the gateway's resource identifier: the URL MCP clients connect to, ending in /mcp
 * @param audience           the {@code aud} a token must carry (the resource, unless configured otherwise)
 * @param jwksUri            the issuer's key set, when configured rather than discovered from its metadata
 * @param scopes             scopes to advertise as {@code scopes_supported}
 * @param roles              how the roles claim maps to the gateway's roles
 * @param consoleClientId    the public client the console signs in with (authorization code + PKCE); empty = none
 */
public record OAuthSettings(Optional<URI> issuer, List<URI> authorizationServers, URI resource, List<String> audience,
        Optional<URI> jwksUri, List<String> scopes, RoleMapping roles, Optional<String> consoleClientId) {

    public static final String ISSUER = "gateway.oauth.issuer";
    public static final String AUTHORIZATION_SERVERS = "gateway.oauth.authorization-servers";
    public static final String RESOURCE = "gateway.oauth.resource";
    public static final String AUDIENCE = "gateway.oauth.audience";
    public static final String JWKS_URI = "gateway.oauth.jwks-uri";
    public static final String SCOPES = "gateway.oauth.scopes";
    public static final String ROLES_CLAIM = "gateway.oauth.roles-claim";
    public static final String ROLES = "gateway.oauth.roles";
    public static final String CONSOLE_CLIENT_ID = "gateway.oauth.console-client-id";

    public OAuthSettings {
        authorizationServers = List.copyOf(authorizationServers);
        audience = List.copyOf(audience);
        scopes = List.copyOf(scopes);
    }

    /** The settings with nothing configured: the development key pair, roles from the {@code groups} claim. */
    public static OAuthSettings none(int httpPort) {
        return read(key -> Optional.empty(), httpPort);
    }

    /**
     * @param config   looks a key up (empty or blank counts as not set)
     * @param httpPort the gateway's HTTP port, for the default resource identifier {@code http://localhost:<port>/mcp}
     * @throws IllegalArgumentException naming the key of a value that does not parse: a gateway that would verify
     *                                  tokens differently than configured must not start
     */
    public static OAuthSettings read(Function<String, Optional<String>> config, int httpPort) {
        Function<String, Optional<String>> value = key -> config.apply(key).map(String::trim).filter(v -> !v.isEmpty());
        Optional<URI> issuer = value.apply(ISSUER).map(text -> absolute(ISSUER, text));
        List<URI> servers = value.apply(AUTHORIZATION_SERVERS).map(text -> list(text).stream().map(s -> absolute(AUTHORIZATION_SERVERS, s)).toList())
                .orElse(issuer.map(List::of).orElse(List.of()));
        URI resource = value.apply(RESOURCE).map(text -> absolute(RESOURCE, text))
                .orElse(URI.create("http://localhost:" + httpPort + "/mcp"));
        if (resource.getRawFragment() != null) {
            throw new IllegalArgumentException(RESOURCE + " must not have a fragment (RFC 8707): " + resource);
        }
        List<String> audience = value.apply(AUDIENCE).map(OAuthSettings::list).orElse(List.of(resource.toString()));
        Optional<URI> jwks = value.apply(JWKS_URI).map(text -> absolute(JWKS_URI, text));
        List<String> scopes = value.apply(SCOPES).map(text -> Arrays.asList(text.trim().split("[\\s,]+"))).orElse(List.of());
        RoleMapping roles = RoleMapping.parse(value.apply(ROLES_CLAIM).orElse(RoleMapping.DEFAULT_CLAIM), value.apply(ROLES).orElse(""));
        return new OAuthSettings(issuer, servers, resource, audience, jwks, scopes, roles, value.apply(CONSOLE_CLIENT_ID));
    }

    /** Where the resource metadata of {@link #resource} is (RFC 9728 section 3.1: the well-known part goes before the path). */
    public URI metadataUrl() {
        String path = resource.getRawPath() == null || resource.getRawPath().equals("/") ? "" : resource.getRawPath();
        return URI.create(origin(resource) + "/.well-known/oauth-protected-resource" + path);
    }

    /** {@code scheme://host[:port]} of a URL, as browsers write an origin. */
    public static String origin(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + url.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static URI absolute(String key, String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " is not a URL: " + text);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(key + " must be an absolute http(s) URL without user info: " + text);
        }
        return uri;
    }

    private static List<String> list(String text) {
        List<String> values = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                values.add(part.trim());
            }
        }
        return values;
    }
}
