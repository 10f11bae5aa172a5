package dev.mcphybrid.security;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Hands Liberty's MicroProfile JWT the configured issuer ({@code gateway.oauth.*}) as its own settings
 * ({@code mp.jwt.verify.issuer}, {@code .audiences}, {@code .publickey.location}). Liberty's mpJwt reads those
 * through the application's MicroProfile Config on every request but cannot discover an issuer's key set itself, and
 * server.xml variables cannot say "this one if an issuer is set, the development key otherwise"; this source can.
 *
 * <p>Its ordinal, 250, is above server.xml's variable defaults (1) and the application's properties (100), so it
 * replaces the development key pair once an issuer is configured, and below environment variables (300), system
 * properties (400) and server.xml or bootstrap values (500), so an explicit {@code MP_JWT_VERIFY_*} setting still wins.
 * Registered in META-INF/services.
 */
public class OAuthConfigSource implements ConfigSource {

    static final String ISSUER = "mp.jwt.verify.issuer";
    static final String AUDIENCES = "mp.jwt.verify.audiences";
    static final String KEY_LOCATION = "mp.jwt.verify.publickey.location";
    static final int ORDINAL = 250;
    static final String NO_KEY = "file:/dev/null";

    @Override
    public Set<String> getPropertyNames() {
        return OAuthIssuer.settings().flatMap(OAuthSettings::issuer).isPresent() ? Set.of(ISSUER, AUDIENCES, KEY_LOCATION) : Set.of();
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> values = new java.util.HashMap<>();
        for (String name : getPropertyNames()) {
            String value = getValue(name);
            if (value != null) {
                values.put(name, value);
            }
        }
        return values;
    }

    @Override
    public String getValue(String name) {
        Optional<OAuthSettings> settings = OAuthIssuer.settings().filter(s -> s.issuer().isPresent());
        if (settings.isEmpty()) {
            return null;
        }
        return switch (name) {
            case ISSUER -> settings.get().issuer().get().toString();
            case AUDIENCES -> String.join(",", settings.get().audience());
            // while the issuer's key set is unknown, a location that holds no key, so that nothing verifies: falling
            // back to the development key file would let whoever can read an old development key in
            case KEY_LOCATION -> OAuthIssuer.jwksUri().map(Object::toString).orElse(NO_KEY);
            default -> null;
        };
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    @Override
    public String getName() {
        return "gateway.oauth (issuer settings for MicroProfile JWT)";
    }
}
