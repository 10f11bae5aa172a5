package dev.mcphybrid.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerChallengeFilterTest {

    @Test
    void theChallengeNamesTheResourceMetadataAndTheErrorOnlyWhenATokenWasSent() {
        OAuthSettings settings = OAuthSettings.read(key -> Optional.ofNullable(Map.of(OAuthSettings.ISSUER, "https://login.example.com",
                OAuthSettings.RESOURCE, "https://gateway.example.com/mcp", OAuthSettings.SCOPES, "mcp:read mcp:call").get(key)), 9080);
        assertThat(BearerChallengeFilter.challenge(Optional.of(settings), false)).isEqualTo("Bearer realm=\"mcp-hybrid-server\", "
                + "resource_metadata=\"https://gateway.example.com/.well-known/oauth-protected-resource/mcp\", scope=\"mcp:read mcp:call\"");
        assertThat(BearerChallengeFilter.challenge(Optional.of(settings), true)).contains(", error=\"invalid_token\", error_description=\"");
        assertThat(BearerChallengeFilter.challenge(Optional.of(OAuthSettings.none(9180)), false))
                .isEqualTo("Bearer realm=\"mcp-hybrid-server\", resource_metadata=\"http://localhost:9180/.well-known/oauth-protected-resource/mcp\"");
        assertThat(BearerChallengeFilter.challenge(Optional.empty(), false)).isEqualTo("Bearer realm=\"mcp-hybrid-server\"");
    }
}
