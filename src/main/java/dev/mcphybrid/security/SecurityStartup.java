package dev.mcphybrid.security;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Runs before the first request: refuses to start on an unknown {@code gateway.auth}, or when JWT is asked for but
 * the MicroProfile JWT feature is not active; reads the {@code gateway.oauth.*} settings and the issuer's metadata;
 * creates the development key pair when no issuer is configured and the verification key points at it; and says
 * loudly when authentication is off.
 */
public class SecurityStartup implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(SecurityStartup.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Config config = ConfigProvider.getConfig();
        AuthMode mode = AuthMode.parse(config.getOptionalValue(AuthMode.PROPERTY, String.class).orElse("jwt"));
        if (mode == AuthMode.OFF) {
            LOG.severe("""
                    AUTHENTICATION IS OFF (gateway.auth=off): anyone who can reach this gateway can register servers \
                    and call every tool as an anonymous admin. Use this on a laptop only; set gateway.auth=jwt anywhere else.""");
            return;
        }
        if (!jwtFeatureActive()) {
            throw new IllegalStateException("gateway.auth=jwt but the MicroProfile JWT feature is not active; "
                    + "server.xml must include auth-jwt.xml");
        }
        OAuthSettings oauth = OAuthSettings.read(key -> config.getOptionalValue(key, String.class),
                config.getOptionalValue("http.port", Integer.class).orElse(9080));
        Optional<IssuerMetadata> metadata = OAuthIssuer.configure(oauth);
        if (oauth.issuer().isPresent()) {
            String verified = config.getOptionalValue("mp.jwt.verify.issuer", String.class).orElse("");
            if (!verified.equals(oauth.issuer().get().toString())) {
                throw new IllegalStateException("gateway.oauth.issuer is " + oauth.issuer().get() + " but mp.jwt.verify.issuer says "
                        + verified + "; set only gateway.oauth.issuer (docs/security.md)");
            }
            LOG.info("JWT verification: tokens of issuer " + oauth.issuer().get() + " for audience " + String.join(", ", oauth.audience())
                    + ", keys " + oauth.jwksUri().map(URI::toString).or(() -> metadata.map(m -> m.jwksUri() + " (from its metadata)"))
                            .orElse("not known yet: the issuer's metadata could not be read")
                    + ", " + oauth.roles() + "; resource metadata at " + oauth.metadataUrl());
            return;
        }
        String location = config.getOptionalValue("mp.jwt.verify.publickey.location", String.class).orElse("");
        String issuer = config.getOptionalValue("mp.jwt.verify.issuer", String.class).orElse("(any)");
        String audiences = config.getOptionalValue("mp.jwt.verify.audiences", String.class).orElse("(any)");
        Path devKeys = config.getOptionalValue("gateway.auth.dev-key-dir", String.class).map(Path::of).orElse(null);
        if (devKeys != null && isFile(location, devKeys.resolve(DevTokens.PUBLIC_KEY_FILE))) {
            try {
                boolean created = DevTokens.ensureKeyPair(devKeys);
                LOG.warning("JWT verification uses the DEVELOPMENT key pair in " + devKeys + (created ? " (just created)" : "")
                        + "; issuer " + issuer + ", audience " + audiences + ". Mint a token with: "
                        + "java src/main/java/dev/mcphybrid/security/DevTokens.java admin   (roles: viewer, operator, admin). "
                        + "Configure a real issuer before exposing this gateway (docs/security.md).");
            } catch (Exception e) {
                throw new IllegalStateException("Cannot create the development JWT key pair in " + devKeys + ": " + e.getMessage(), e);
            }
        } else {
            LOG.info("JWT verification: issuer " + issuer + ", audience " + audiences + ", key " + location);
        }
    }

    private static boolean jwtFeatureActive() {
        try {
            Class.forName("org.eclipse.microprofile.jwt.JsonWebToken", false, SecurityStartup.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static boolean isFile(String location, Path file) {
        if (!location.startsWith("file:")) {
            return false;
        }
        try {
            return Path.of(URI.create(location.startsWith("file://") ? location : "file://" + location.substring(5)))
                    .normalize().equals(file.toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) {
            return Path.of(location.substring(5)).toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize());
        }
    }
}
