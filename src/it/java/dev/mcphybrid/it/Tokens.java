package dev.mcphybrid.it;

import dev.mcphybrid.security.DevTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Bearer tokens for the gateway under test, signed with the development key pair it created at start-up, exactly as
 * an operator would mint them for the embedded default. gateway-it and gateway-it3 keep that pair in one directory
 * (gateway.auth.dev-key-dir = it.jwt.dir in pom.xml), so a token is good on either member of the cluster.
 */
public final class Tokens {

    public static final Path KEY = Path.of(System.getProperty("gateway.it.key",
            "target/it-jwt/" + DevTokens.PRIVATE_KEY_FILE));

    private static DevTokens signer;

    private Tokens() {
    }

    public static synchronized DevTokens signer() {
        if (signer == null) {
            try {
                for (int i = 0; i < 100 && !Files.isRegularFile(KEY); i++) {
                    Thread.sleep(100);
                }
                signer = DevTokens.fromPemFile(KEY);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the gateway's development key " + KEY + ": " + e.getMessage(), e);
            }
        }
        return signer;
    }

    public static String admin() {
        return of("it-admin", "admin");
    }

    public static String operator() {
        return of("it-operator", "operator");
    }

    public static String viewer() {
        return of("it-viewer", "viewer");
    }

    public static String of(String subject, String... groups) {
        return signer().mint(subject, List.of(groups), Duration.ofHours(1));
    }

    public static String expired(String subject, String... groups) {
        return signer().mint(subject, List.of(groups), DevTokens.DEFAULT_ISSUER, DevTokens.DEFAULT_AUDIENCE,
                Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));
    }

    public static String withIssuer(String issuer, String subject, String... groups) {
        return signer().mint(subject, List.of(groups), issuer, DevTokens.DEFAULT_AUDIENCE, Instant.now(), Duration.ofHours(1));
    }

    public static String withAudience(String audience, String subject, String... groups) {
        return signer().mint(subject, List.of(groups), DevTokens.DEFAULT_ISSUER, audience, Instant.now(), Duration.ofHours(1));
    }

    /** Signed by a key the gateway has never seen. */
    public static String foreignSignature(String subject, String... groups) {
        try {
            return new DevTokens(DevTokens.generateKeyPair().getPrivate()).mint(subject, List.of(groups), Duration.ofHours(1));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
