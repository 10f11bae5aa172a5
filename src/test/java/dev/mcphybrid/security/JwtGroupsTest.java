package dev.mcphybrid.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class JwtGroupsTest {

    /** A verified token as MicroProfile JWT hands it over: claims by name, objects and arrays as JSON-P values. */
    private record Token(Map<String, Object> claims) implements JsonWebToken {
        @Override
        public String getName() {
            return (String) claims.get("sub");
        }

        @Override
        public Set<String> getClaimNames() {
            return claims.keySet();
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T> T getClaim(String name) {
            return (T) claims.get(name);
        }

        @Override
        public Set<String> getGroups() {
            Object groups = claims.get("groups");
            return groups == null ? null : Set.copyOf(JwtGroups.values(groups));
        }
    }

    @Test
    void keycloaksRealmRolesAreReachedByADottedPath() {
        JsonObject realmAccess = Json.createObjectBuilder().add("roles", Json.createArrayBuilder().add("mcp-operator").add("offline_access")).build();
        Token token = new Token(Map.of("sub", "f3a1", "realm_access", realmAccess));
        RoleMapping mapping = RoleMapping.parse("realm_access.roles", "viewer=mcp-viewer,operator=mcp-operator");
        assertThat(JwtGroups.of(token, mapping)).contains(Set.of("operator", "mcp-operator", "offline_access"));
        assertThat(JwtGroups.of(token, RoleMapping.parse("realm_access.missing", ""))).contains(Set.of());
    }

    @Test
    void anOAuthScopeStringIsSplitAndOnlyMappedValuesGiveRoles() {
        Token token = new Token(Map.of("sub", "machine", "scope", "mcp:read admin"));
        assertThat(JwtGroups.of(token, RoleMapping.parse("scope", "viewer=mcp:read"))).contains(Set.of("viewer", "mcp:read"));
    }

    @Test
    void theGroupsClaimKeepsItsMeaningAndAPrincipalThatIsNoJwtHasNone() {
        Token token = new Token(Map.of("sub", "ana", "groups", Json.createArrayBuilder().add("admin").add("data-team").build()));
        assertThat(JwtGroups.of(token, RoleMapping.parse("groups", ""))).contains(Set.of("admin", "data-team"));
        Principal plain = () -> "ana";
        assertThat(JwtGroups.of(plain, RoleMapping.parse("groups", ""))).isEmpty();
    }
}
