package dev.mcphybrid.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevTokensTest {

    @TempDir
    Path dir;

    @Test
    void mintsAnRs256TokenTheGeneratedPublicKeyVerifies() throws Exception {
        assertThat(DevTokens.ensureKeyPair(dir)).isTrue();
        assertThat(DevTokens.ensureKeyPair(dir)).as("kept on the next start").isFalse();
        String token = DevTokens.fromPemFile(dir.resolve(DevTokens.PRIVATE_KEY_FILE)).mint("ana \"q\"", List.of("operator"), Duration.ofMinutes(5));

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"iss\":\"mcp-hybrid-server-dev\"", "\"aud\":[\"mcp-hybrid-server\"]",
                "\"upn\":\"ana \\\"q\\\"\"", "\"groups\":[\"operator\"]", "\"exp\":");
        String pem = Files.readString(dir.resolve(DevTokens.PUBLIC_KEY_FILE)).replaceAll("-----[A-Z ]+-----|\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void authModeAcceptsOnlyJwtOrOff() {
        assertThat(AuthMode.parse(" JWT ")).isEqualTo(AuthMode.JWT);
        assertThat(AuthMode.parse("off")).isEqualTo(AuthMode.OFF);
        assertThatThrownBy(() -> AuthMode.parse("none")).hasMessageContaining("gateway.auth must be jwt or off");
        assertThatThrownBy(() -> AuthMode.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rolesIncludeTheLowerOnes() {
        Caller admin = new Caller("root", Set.of("admin"));
        assertThat(admin.has(Role.VIEWER)).isTrue();
        assertThat(admin.has(Role.OPERATOR)).isTrue();
        Caller viewer = new Caller("v", Set.of("viewer", "data-team"));
        assertThat(viewer.has(Role.OPERATOR)).isFalse();
        assertThat(viewer.highestRole()).isEqualTo(Role.VIEWER);
        assertThat(new Caller("x", Set.of("other")).highestRole()).isNull();
    }
}
