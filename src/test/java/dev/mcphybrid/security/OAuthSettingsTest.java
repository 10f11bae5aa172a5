package dev.mcphybrid.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OAuthSettingsTest {

    private static OAuthSettings read(Map<String, String> values) {
        return OAuthSettings.read(key -> Optional.ofNullable(values.get(key)), 9080);
    }

    @Test
    void withNothingConfiguredThereIsNoIssuerAndTheResourceIsTheLocalMcpEndpoint() {
        OAuthSettings none = OAuthSettings.none(9080);
        assertThat(none.issuer()).isEmpty();
        assertThat(none.authorizationServers()).isEmpty();
        assertThat(none.resource()).hasToString("http://localhost:9080/mcp");
        assertThat(none.audience()).containsExactly("http://localhost:9080/mcp");
        assertThat(none.metadataUrl()).hasToString("http://localhost:9080/.well-known/oauth-protected-resource/mcp");
        assertThat(none.roles().claim()).isEqualTo("groups");
        assertThat(none.roles().isIdentity()).isTrue();
    }

    @Test
    void anIssuerIsTheAuthorizationServerAndTheResourceTheAudienceUnlessSaidOtherwise() {
        OAuthSettings settings = read(Map.of(OAuthSettings.ISSUER, " https://login.example.com/realms/platform ",
                OAuthSettings.RESOURCE, "https://gateway.example.com/mcp", OAuthSettings.SCOPES, "mcp:read mcp:call, mcp:admin",
                OAuthSettings.CONSOLE_CLIENT_ID, "gateway-console", OAuthSettings.AUDIENCE, ""));
        assertThat(settings.issuer()).contains(URI.create("https://login.example.com/realms/platform"));
        assertThat(settings.authorizationServers()).containsExactly(URI.create("https://login.example.com/realms/platform"));
        assertThat(settings.audience()).as("blank counts as not set").containsExactly("https://gateway.example.com/mcp");
        assertThat(settings.scopes()).containsExactly("mcp:read", "mcp:call", "mcp:admin");
        assertThat(settings.metadataUrl()).hasToString("https://gateway.example.com/.well-known/oauth-protected-resource/mcp");
        assertThat(settings.consoleClientId()).contains("gateway-console");

        OAuthSettings explicit = read(Map.of(OAuthSettings.ISSUER, "https://a.example", OAuthSettings.AUTHORIZATION_SERVERS,
                "https://a.example, https://b.example", OAuthSettings.AUDIENCE, "api://gateway,https://gateway.example.com/mcp"));
        assertThat(explicit.authorizationServers()).extracting(URI::toString).containsExactly("https://a.example", "https://b.example");
        assertThat(explicit.audience()).containsExactly("api://gateway", "https://gateway.example.com/mcp");
    }

    @Test
    void aMalformedValueStopsTheGatewayNamingItsKey() {
        assertThatThrownBy(() -> read(Map.of(OAuthSettings.ISSUER, "login.example.com"))).hasMessageContaining(OAuthSettings.ISSUER);
        assertThatThrownBy(() -> read(Map.of(OAuthSettings.ISSUER, "ftp://login.example.com"))).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> read(Map.of(OAuthSettings.RESOURCE, "https://user:pw@gateway.example.com/mcp")))
                .hasMessageContaining(OAuthSettings.RESOURCE).hasMessageContaining("user info");
        assertThatThrownBy(() -> read(Map.of(OAuthSettings.RESOURCE, "https://gateway.example.com/mcp#x"))).hasMessageContaining("fragment");
        assertThatThrownBy(() -> read(Map.of(OAuthSettings.JWKS_URI, "not a url"))).hasMessageContaining(OAuthSettings.JWKS_URI);
        assertThatThrownBy(() -> read(Map.of(OAuthSettings.ROLES, "superuser=x"))).hasMessageContaining(OAuthSettings.ROLES);
    }

    @Test
    void theMetadataUrlOfAResourceAtTheRootHasNoSuffixAndOriginsDropDefaultPorts() {
        OAuthSettings root = read(Map.of(OAuthSettings.RESOURCE, "https://Gateway.example.com:443"));
        assertThat(root.metadataUrl()).hasToString("https://gateway.example.com/.well-known/oauth-protected-resource");
        assertThat(OAuthSettings.origin(URI.create("http://localhost:8080/a/b"))).isEqualTo("http://localhost:8080");
        assertThat(OAuthSettings.origin(URI.create("HTTP://example.com:80/"))).isEqualTo("http://example.com");
    }

    @Test
    void rolesComeFromTheConfiguredClaimThroughTheMapping() {
        RoleMapping scopes = read(Map.of(OAuthSettings.ROLES_CLAIM, "scope",
                OAuthSettings.ROLES, "viewer=mcp:read, operator=mcp:call,admin=mcp:admin,admin=gateway-admins")).roles();
        assertThat(scopes.claim()).isEqualTo("scope");
        assertThat(scopes.groups(List.of("mcp:read", "mcp:call"))).containsExactlyInAnyOrder("viewer", "operator", "mcp:read", "mcp:call");
        assertThat(scopes.groups(List.of("gateway-admins"))).containsExactlyInAnyOrder("admin", "gateway-admins");
        assertThat(scopes.groups(List.of("admin", "openid"))).as("a value named like a role gives nothing once mapped")
                .containsExactly("openid");
        Caller caller = new Caller("ana", scopes.groups(List.of("mcp:call")));
        assertThat(caller.has(Role.OPERATOR)).isTrue();
        assertThat(caller.has(Role.ADMIN)).isFalse();

        RoleMapping identity = RoleMapping.parse("realm_access.roles", "");
        assertThat(identity.path()).containsExactly("realm_access", "roles");
        assertThat(identity.groups(List.of("admin", "data-team"))).isEqualTo(Set.of("admin", "data-team"));
        assertThatThrownBy(() -> RoleMapping.parse("a..b", "")).hasMessageContaining(OAuthSettings.ROLES_CLAIM);
        assertThatThrownBy(() -> RoleMapping.parse("scope", "admin")).hasMessageContaining("role=value");
    }

    @Test
    void aClaimsValuesAreAnArraysStringsOrTheWordsOfAString() {
        assertThat(JwtGroups.values("mcp:read  mcp:call ")).containsExactly("mcp:read", "mcp:call");
        assertThat(JwtGroups.values(jakarta.json.Json.createArrayBuilder().add("a").add(1).add("b").build())).containsExactly("a", "b");
        assertThat(JwtGroups.values(Set.of("viewer"))).containsExactly("viewer");
        assertThat(JwtGroups.values(jakarta.json.Json.createValue("x y"))).containsExactly("x", "y");
        assertThat(JwtGroups.values(null)).isEmpty();
        assertThat(JwtGroups.values(42)).isEmpty();
    }
}
