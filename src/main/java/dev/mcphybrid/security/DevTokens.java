package dev.mcphybrid.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A development signing key pair and RS256 tokens signed with it, for the embedded default and the tests. Uses the
 * JDK only, so it also runs as a single-file program that mints a token:
 * <pre>java src/main/java/dev/mcphybrid/security/DevTokens.java [role ...] [--ttl PT8H] [--sub name] [--key file]</pre>
 * The key defaults to the one the gateway generated for the dev server. Never use these keys in production: they
 * live next to the server and anyone who can read the file can mint an admin token.
 */
public final class DevTokens {

    public static final String DEFAULT_ISSUER = "mcp-hybrid-server-dev";
    public static final String DEFAULT_AUDIENCE = "mcp-hybrid-server";
    public static final String PRIVATE_KEY_FILE = "dev-jwt-private.pem";
    public static final String PUBLIC_KEY_FILE = "dev-jwt-public.pem";
    static final Path DEV_SERVER_KEYS = Path.of("target/liberty/wlp/usr/servers/gateway/resources/security");

    private final PrivateKey key;

    public DevTokens(PrivateKey key) {
        this.key = key;
    }

    /** Creates the key pair in {@code dir} unless both files are already there; answers whether it created them. */
    public static boolean ensureKeyPair(Path dir) throws IOException, GeneralSecurityException {
        Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
        Path publicFile = dir.resolve(PUBLIC_KEY_FILE);
        if (Files.isRegularFile(privateFile) && Files.isRegularFile(publicFile)) {
            return false;
        }
        Files.createDirectories(dir);
        KeyPair pair = generateKeyPair();
        Path privateTmp = Files.createTempFile(dir, "key", ".tmp");
        try {
            restrictToOwner(privateTmp);
            Files.writeString(privateTmp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.move(privateTmp, privateFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(privateTmp);
        }
        return true;
    }

    public static KeyPair generateKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** The private key the dev server (README's run command) created. */
    public static Path devServerKey() {
        return DEV_SERVER_KEYS.resolve(PRIVATE_KEY_FILE);
    }

    public static DevTokens fromPemFile(Path privateKeyPem) throws IOException, GeneralSecurityException {
        String pem = Files.readString(privateKeyPem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return new DevTokens(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem))));
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    public String mint(String subject, List<String> groups, Duration ttl) {
        return mint(subject, groups, DEFAULT_ISSUER, DEFAULT_AUDIENCE, Instant.now(), ttl);
    }

    public String mint(String subject, List<String> groups, String issuer, String audience, Instant issuedAt, Duration ttl) {
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        // aud as an array: Liberty's mpJwt reads aud and groups as lists and handles a single string by throwing and
        // catching two exceptions on every request (4% of the gateway's CPU on a tool call)
        String claims = "{\"iss\":" + quote(issuer) + ",\"aud\":[" + quote(audience) + "],\"sub\":" + quote(subject)
                + ",\"upn\":" + quote(subject) + ",\"groups\":[" + String.join(",", groups.stream().map(DevTokens::quote).toList())
                + "],\"iat\":" + issuedAt.getEpochSecond() + ",\"exp\":" + issuedAt.plus(ttl).getEpochSecond()
                + ",\"jti\":" + quote(UUID.randomUUID().toString()) + "}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "." + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64Url(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static void restrictToOwner(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the directory's permissions apply
        }
    }

    /** Prints a token for the dev server: roles as arguments (default admin), options --ttl, --sub, --key. */
    public static void main(String[] args) throws Exception {
        List<String> roles = new ArrayList<>();
        Duration ttl = Duration.ofHours(8);
        String subject = "developer";
        Path keyFile = devServerKey();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ttl" -> ttl = Duration.parse(args[++i]);
                case "--sub" -> subject = args[++i];
                case "--key" -> keyFile = Path.of(args[++i]);
                default -> roles.add(args[i]);
            }
        }
        if (!Files.isRegularFile(keyFile)) {
            System.err.println("No key at " + keyFile + ": start the gateway once (it creates the dev key pair), or pass --key");
            System.exit(2);
        }
        System.out.println(fromPemFile(keyFile).mint(subject, roles.isEmpty() ? List.of("admin") : roles, ttl));
    }
}
